package dev.wagateway.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * Where event ids go after commit ({@code EVENTS_QUEUE_URL} in AWS).
 *
 * @param url      the SQS queue's URL; empty: no queue, events wait for the sweeper
 * @param endpoint another SQS endpoint than AWS's (ElasticMQ in tests and the local run)
 * @param region   the queue's region; empty: the SDK's (AWS_REGION in Lambda)
 */
@ConfigurationProperties("events.queue")
public record EventQueueSettings(@Nullable String url, @Nullable String endpoint, @Nullable String region) {

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
