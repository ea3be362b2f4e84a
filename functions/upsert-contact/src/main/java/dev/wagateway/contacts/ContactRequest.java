package dev.wagateway.contacts;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/**
 * The body of {@code PUT /v1/contacts/{ref}}, a JSON merge patch: every field is optional, an absent one is
 * left as it is, and {@code name} or {@code profile_picture_url} sent as {@code null} clears it.
 *
 * @param metadata a JSON object, merged into the stored one (a null member removes that key)
 *                 unless the request says {@code ?metadata=replace}
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ContactRequest(
        @Nullable @Size(max = 255) String name,
        @Nullable @Size(max = 2048) @Pattern(regexp = "https://[^\\s]+", message = "must be an https URL") String profilePictureUrl,
        @Nullable Map<String, Object> metadata) {
}
