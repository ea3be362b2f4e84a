package dev.wagateway.sendmessage;

import dev.wagateway.shared.media.Media;
import dev.wagateway.shared.message.Message;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message as the API shows it. {@code media_url} is the media's link, or Meta's media id when sent by id.
 * The other party is named by {@code phone}, {@code user_id} (their business-scoped user id),
 * {@code parent_user_id}, or several: a user with a username may withhold their phone.
 * {@code metadata} is left out when the message has none (an empty object is not written). {@code media}: the
 * files the message carries (an inbound image, document, audio, video or sticker: {@code pending} until the
 * media job has it, then {@code stored} and served by {@code GET /v1/media/{id}}, or {@code failed}); absent
 * when it carries none. {@code statuses}: on {@code GET /v1/messages/{id}} only, every status Meta reported, oldest first,
 * with Meta's errors and pricing as delivered.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MessageView(String id, @Nullable String phone, @Nullable String userId, @Nullable String parentUserId,
                          String direction, String type, @Nullable String content,
                          @Nullable String mediaUrl, @Nullable String caption, String status, @Nullable String wamid,
                          @Nullable String errorCode, @Nullable String errorMessage, @Nullable String phoneNumberId,
                          @Nullable Map<String, Object> metadata, @Nullable Instant createdAt, @Nullable Instant updatedAt,
                          @Nullable List<MessageMedia> media, @Nullable List<MessageStatusView> statuses) {

    /**
     * One file of a message.
     *
     * @param id       our media id ({@code media_...}): {@code GET /v1/media/{id}} serves it once {@code stored}
     * @param status   pending, stored, failed or deleted
     * @param fileSize bytes, once stored
     * @param error    why it failed, when it did
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record MessageMedia(@Nullable String id, @Nullable String mimeType, @Nullable Long fileSize, @Nullable String fileName,
                               String status, @Nullable String error) {
        static MessageMedia of(Media media) {
            return new MessageMedia(media.mediaId(), media.mimeType(), media.fileSize(), media.fileName(), media.status(),
                    media.error());
        }
    }

    static MessageView of(Message m, List<Media> media) {
        return new MessageView(m.id(), m.phone(), m.userId(), m.parentUserId(), m.direction(), m.type(), m.content(), m.mediaUrl(), m.caption(), m.status(),
                m.whatsappMessageId(), m.errorCode(), m.errorMessage(), m.phoneNumberId(), m.metadata(), m.createdAt(),
                m.updatedAt(), media.isEmpty() ? null : media.stream().map(MessageMedia::of).toList(), null);
    }

    /** The same with its status history. */
    MessageView withStatuses(List<MessageStatusView> history) {
        return new MessageView(id, phone, userId, parentUserId, direction, type, content, mediaUrl, caption, status, wamid,
                errorCode, errorMessage, phoneNumberId, metadata, createdAt, updatedAt, media, history);
    }
}
