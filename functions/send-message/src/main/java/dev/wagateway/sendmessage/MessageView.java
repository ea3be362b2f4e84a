package dev.wagateway.sendmessage;

import dev.wagateway.shared.message.Message;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;

/**
 * A message as the API shows it. {@code media_url} is the media's link, or Meta's media id when sent by id.
 * The other party is named by {@code phone}, {@code user_id} (their business-scoped user id),
 * {@code parent_user_id}, or several: a user with a username may withhold their phone.
 * {@code metadata} is left out when the message has none (an empty object is not written).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MessageView(String id, @Nullable String phone, @Nullable String userId, @Nullable String parentUserId,
                          String direction, String type, @Nullable String content,
                          @Nullable String mediaUrl, @Nullable String caption, String status, @Nullable String wamid,
                          @Nullable String errorCode, @Nullable String errorMessage, @Nullable String phoneNumberId,
                          @Nullable Map<String, Object> metadata, @Nullable Instant createdAt, @Nullable Instant updatedAt) {

    static MessageView of(Message m) {
        return new MessageView(m.id(), m.phone(), m.userId(), m.parentUserId(), m.direction(), m.type(), m.content(), m.mediaUrl(), m.caption(), m.status(),
                m.whatsappMessageId(), m.errorCode(), m.errorMessage(), m.phoneNumberId(), m.metadata(), m.createdAt(),
                m.updatedAt());
    }
}
