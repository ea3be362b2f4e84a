package dev.wagateway.events;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;

/**
 * Where event ids go after commit ({@code EVENTS_QUEUE_URL} in AWS).
 *
 * @param url        the SQS queue's URL; empty: no queue, events wait for the sweeper
 * @param endpoint   another SQS endpoint than AWS's (ElasticMQ in tests and the local run)
 * @param region     the queue's region; empty: the SDK's (AWS_REGION in Lambda)
 * @param background true in a process that outlives its answers (the local run's server): a committed
 *                   transaction's ids go to a background sender and the answer does not wait for SQS.
 *                   False (the default, Lambda's case: Lambda freezes the process once it answers, so a
 *                   background send would wait for the next request): sent before the answer.
 */
@ConfigurationProperties("events.queue")
public record EventQueueSettings(@Nullable String url, @Nullable String endpoint, @Nullable String region,
                                 @Bindable(defaultValue = "false") boolean background) {

    public boolean configured() {
        return url != null && !url.isBlank();
    }
}
