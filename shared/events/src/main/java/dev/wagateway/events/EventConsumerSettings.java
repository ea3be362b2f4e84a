package dev.wagateway.events;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * One consumer of the events pipeline inside the product (the media job, the automation worker):
 * {@code events.consumers.<name>.queue-url} and {@code .types}. The dispatcher's fan-out sends the id
 * of each event of those types to the consumer's own queue.
 *
 * @param name     the consumer's name (the key under {@code events.consumers})
 * @param queueUrl its SQS queue; empty: the consumer is not deployed here, nothing is sent
 * @param types    the event types it takes, by wire name ({@code message.received})
 */
@EachProperty("events.consumers")
public record EventConsumerSettings(@Parameter String name, @Nullable String queueUrl, @Nullable List<String> types) {

    public boolean wants(String type) {
        return queueUrl != null && !queueUrl.isBlank() && types != null && types.contains(type);
    }
}
