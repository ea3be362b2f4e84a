package dev.wagateway.dispatch;

import dev.wagateway.delivery.Deliveries;
import dev.wagateway.delivery.DeliverySettings;
import dev.wagateway.metrics.GatewayMetrics;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * The deliveries that died since the last sweep, as the metric {@value #NAME} (namespace WaGateway, by stage) that
 * the stage's dead-deliveries alarm watches.
 */
@Singleton
public class DeadDeliveryMetric {

    static final String NAME = "DeadDeliveries";

    private final Deliveries deliveries;
    private final Clock clock;
    private final GatewayMetrics metrics;
    private final Duration window;

    public DeadDeliveryMetric(Deliveries deliveries, Clock clock, GatewayMetrics metrics, DeliverySettings settings) {
        this.deliveries = deliveries;
        this.clock = clock;
        this.metrics = metrics;
        this.window = settings.sweepEvery();
    }

    /** Counts and writes it; answers the count. */
    public long report() {
        long dead = deliveries.deadSince(clock.instant().minus(window));
        metrics.count(Map.of(NAME, dead));
        return dead;
    }
}
