package dev.wagateway.sendmessage;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/**
 * The answer to {@code POST /v1/messages/{id}/read}: WhatsApp took it.
 *
 * @param id              the inbound message's id here
 * @param wamid           WhatsApp's id of it
 * @param typingIndicator whether the typing indicator was shown too
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MarkReadResult(String id, String wamid, boolean typingIndicator) {
}
