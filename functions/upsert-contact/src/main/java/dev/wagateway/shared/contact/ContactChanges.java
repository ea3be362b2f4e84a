package dev.wagateway.shared.contact;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;

/**
 * What a caller asks to change on a contact, as a JSON merge patch (RFC 7396) reads: a null field is left as
 * it is, unless the caller sent it as {@code null}, which clears it.
 *
 * @param metadata        a JSON object merged into the stored one (a null member removes the key),
 *                        or replacing it when {@code replaceMetadata}
 * @param clearName       the body's {@code "name": null}: the contact has no name after it
 * @param clearPicture    the body's {@code "profile_picture_url": null}
 */
public record ContactChanges(@Nullable String name,
                             @Nullable String profilePictureUrl,
                             @Nullable Map<String, Object> metadata,
                             boolean replaceMetadata,
                             boolean clearName,
                             boolean clearPicture) {
}
