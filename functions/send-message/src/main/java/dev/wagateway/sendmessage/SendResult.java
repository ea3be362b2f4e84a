package dev.wagateway.sendmessage;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The answer to a send (202).
 *
 * @param id     the message's id here
 * @param wamid  Meta's id of the message
 * @param status {@code sent}, or further along when Meta's statuses arrived first
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SendResult(String id, @Nullable String wamid, String status) {
}
