package dev.wagateway.sendmessage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.micronaut.core.annotation.Nullable;
import dev.wagateway.shared.sending.MessageLimits;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Schema;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.Map;

/**
 * {@code POST /v1/messages}: one message, its payload in Meta's shape under the name of its type. The payloads of
 * interactive, location and contacts messages are taken as written (so Meta gets exactly them) and checked
 * against Meta's documented limits before anything is written or sent.
 *
 * @param to            the recipient: a phone number in any common spelling (with its country code), or the
 *                      user's business-scoped user id as Meta gives it ({@code US.13491208655302741918}, or a parent
 *                      one such as {@code US.ENT.11815799212886844830}) when their phone is withheld
 * @param type          text, template, image, document, audio, video, sticker, reaction, interactive, location or contacts
 * @param interactive   reply buttons, a list or a call-to-action URL button, in Meta's shape (checked against Meta's
 *                      limits: {@link dev.wagateway.shared.sending.MessageLimits})
 * @param location      a place: latitude, longitude, and optionally its name and address
 * @param contacts      contact cards, in Meta's shape
 * @param context       set to reply to a message
 * @param metadata      the caller's own data, kept with the message
 * @param phoneNumberId the business number to send from (one configured); the default when absent
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SendMessageRequest(
        @NotBlank @Schema(description = "The recipient: a phone number with its country code in any common spelling "
                + "(+5511987654321), or the user's business-scoped user id as WhatsApp gives it (US.13491208655302741918, "
                + "or a parent one such as US.ENT.11815799212886844830) when their phone is withheld.") String to,
        @NotBlank @Pattern(regexp = "text|template|image|document|audio|video|sticker|reaction|interactive|location|contacts",
                message = "must be one of text, template, image, document, audio, video, sticker, reaction, interactive, "
                        + "location, contacts") String type,
        @Valid @Nullable Text text,
        @Valid @Nullable TemplatePayload template,
        @Valid @Nullable Media image,
        @Valid @Nullable Media document,
        @Valid @Nullable Media audio,
        @Valid @Nullable Media video,
        @Valid @Nullable Media sticker,
        @Valid @Nullable Reaction reaction,
        @Nullable @Schema(implementation = MessageTypeSchemas.Interactive.class) Map<String, Object> interactive,
        @Nullable @Schema(implementation = MessageTypeSchemas.Location.class) Map<String, Object> location,
        @Nullable @ArraySchema(schema = @Schema(implementation = MessageTypeSchemas.ContactCard.class),
                minItems = 1, maxItems = MessageLimits.CONTACTS_MAX) List<@NotNull Map<String, Object>> contacts,
        @Valid @Nullable Context context,
        @Nullable @Size(max = 50, message = "may hold at most 50 entries") Map<String, Object> metadata,
        @Nullable @Pattern(regexp = "[0-9]{1,32}", message = "must be a phone number id (digits)") String phoneNumberId) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Text(@NotBlank @Size(max = 4096) String body, @JsonProperty("preview_url") @Nullable Boolean previewUrl) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record TemplatePayload(@NotBlank @Size(max = 512) String name, @NotNull @Valid Language language,
                                  @Nullable List<@NotNull Map<String, Object>> components) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Language(@NotBlank @Pattern(regexp = "[a-z]{2,3}(_[A-Za-z0-9]{2,8})?",
            message = "must be a language code such as en or pt_BR") String code, @Nullable String policy) {
    }

    /** Media by Meta's media id, by our media id ({@code media_...}: POST /v1/media, or an inbound file), or by an https link. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Media(@Nullable @Schema(example = "1037543291543636") @Pattern(regexp = "[0-9]{1,64}|media_[0-9A-HJKMNP-TV-Z]{26}",
                                message = "must be a media id (Meta's digits, or ours: media_...)") String id,
                        @Nullable @Size(max = 2048) String link,
                        @Nullable @Size(max = 1024) String caption,
                        @Nullable @Size(max = 240) String filename) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Reaction(@JsonProperty("message_id") @NotBlank @Size(max = 128) String messageId,
                           @NotNull @Size(max = 16) String emoji) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Context(@JsonProperty("message_id") @NotBlank @Size(max = 128) String messageId) {
    }
}
