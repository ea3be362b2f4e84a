package dev.wagateway.shared.contact;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * What a caller asks to change on a contact; a null field is left as it is.
 *
 * @param metadata        a JSON object merged into the stored one (RFC 7396: a null member removes the key),
 *                        or replacing it when {@code replaceMetadata}
 */
public record ContactChanges(@Nullable String name,
                             @Nullable String profilePictureUrl,
                             @Nullable Map<String, Object> metadata,
                             boolean replaceMetadata) {
}
