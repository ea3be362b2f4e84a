package dev.wagateway.sendmessage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * {@code POST /v1/messages/{id}/read}: marks an inbound message read at WhatsApp, optionally showing the typing
 * indicator (in Meta's shape).
 *
 * @param typingIndicator {@code {"type": "text"}} to show the user that the business is typing (WhatsApp dismisses it at
 *                        the next message or after 25 seconds)
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MarkReadRequest(@Valid @Nullable TypingIndicator typingIndicator) {

    /** Meta's typing indicator: {@code text} is its only type. */
    @Serdeable
    public record TypingIndicator(@NotBlank @Pattern(regexp = "text", message = "must be text")
                                  @Schema(allowableValues = "text", example = "text") String type) {
    }
}
