package dev.wagateway.dispatch;

import dev.wagateway.delivery.Deliveries;
import io.micronaut.context.annotation.Value;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The deliveries that died since the last sweep, as a CloudWatch metric ({@code WaGateway/Events
 * DeadDeliveries}) written in the embedded metric format: one JSON line on standard output, which
 * Lambda's log pipeline turns into the metric that the dead-deliveries alarm watches.
 */
@Singleton
public class DeadDeliveryMetric {

    static final String NAMESPACE = "WaGateway/Events";
    static final String NAME = "DeadDeliveries";

    private final Deliveries deliveries;
    private final Clock clock;
    private final String stage;
    private final Duration window;

    public DeadDeliveryMetric(Deliveries deliveries, Clock clock, @Value("${wa-gateway.stage:local}") String stage,
                              @Value("${events.sweep.every:1m}") Duration window) {
        this.deliveries = deliveries;
        this.clock = clock;
        this.stage = stage;
        this.window = window;
    }

    /** Counts and prints it; answers the count. */
    public long report() {
        Instant now = clock.instant();
        long dead = deliveries.deadSince(now.minus(window));
        System.out.println("{\"_aws\":{\"Timestamp\":" + now.toEpochMilli() + ",\"CloudWatchMetrics\":[{\"Namespace\":\""
                + NAMESPACE + "\",\"Dimensions\":[[\"Stage\"]],\"Metrics\":[{\"Name\":\"" + NAME + "\",\"Unit\":\"Count\"}]}]},"
                + "\"Stage\":\"" + stage.replace("\"", "") + "\",\"" + NAME + "\":" + dead + "}");
        return dead;
    }
}
