package dev.wagateway.delivery;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.bind.annotation.Bindable;

import java.time.Duration;
import java.util.List;

/**
 * How events are delivered to subscriptions ({@code events.delivery.*}; defaults are production's).
 *
 * @param retryDelays             the waits after the 1st, 2nd, ... failed attempt; the last one repeats until
 *                                {@code retryWindow} has passed since the first attempt
 * @param retryWindow             how long a delivery is retried before it is dead (at least 24 h in production)
 * @param jitter                  each wait is stretched or shrunk at random by up to this fraction
 * @param connectTimeout          to connect to a subscriber
 * @param answerTimeout           for the whole answer after connecting
 * @param lease                   how long a claimed attempt holds its delivery: longer than an attempt can take, so
 *                                only a crashed worker's deliveries are picked up again (by the sweeper)
 * @param disableAfterFailing     a subscription whose every attempt failed for this long is disabled
 * @param allowPlainHttp          {@code http://} URLs (only the local run and tests)
 * @param allowPrivateAddresses   loopback, private, link-local and metadata addresses (only the local run and
 *                                tests; in AWS a subscription must never reach into the VPC)
 * @param sweepAfter              an event or due delivery no worker picked up for this long is sent to the queue again
 * @param sweepBatch              at most this many per sweep
 * @param sweepEvery              how often the scheduled sweep runs (the stack's schedule): the dead-deliveries
 *                                metric that each sweep writes counts the deliveries that died in this window
 * @param retention               events and delivery logs older than this are deleted
 * @param retentionBatch          rows deleted per statement
 * @param parallelAttempts        attempts in flight at once in one worker
 */
@ConfigurationProperties("events.delivery")
public record DeliverySettings(
        @Bindable(defaultValue = "5s,30s,2m,10m,30m,1h") List<Duration> retryDelays,
        @Bindable(defaultValue = "25h") Duration retryWindow,
        @Bindable(defaultValue = "0.2") double jitter,
        @Bindable(defaultValue = "3s") Duration connectTimeout,
        @Bindable(defaultValue = "10s") Duration answerTimeout,
        @Bindable(defaultValue = "60s") Duration lease,
        @Bindable(defaultValue = "3d") Duration disableAfterFailing,
        @Bindable(defaultValue = "false") boolean allowPlainHttp,
        @Bindable(defaultValue = "false") boolean allowPrivateAddresses,
        @Bindable(defaultValue = "30s") Duration sweepAfter,
        @Bindable(defaultValue = "1000") int sweepBatch,
        @Bindable(defaultValue = "1m") Duration sweepEvery,
        @Bindable(defaultValue = "30d") Duration retention,
        @Bindable(defaultValue = "5000") int retentionBatch,
        @Bindable(defaultValue = "64") int parallelAttempts) {
}
