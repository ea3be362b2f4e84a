package dev.wagateway.dispatch;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wagateway.delivery.Sweeper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.util.Map;

/** Every minute (EventBridge): sends again what no worker picked up, and reports deliveries that died. */
public class SweepHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Object>> {

    @Inject
    Sweeper sweeper;

    @Inject
    DeadDeliveryMetric deadDeliveries;

    public SweepHandler() {
    }

    public SweepHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        Sweeper.Swept swept = sweeper.sweep();
        long dead = deadDeliveries.report();
        return Map.of("events", swept.events(), "deliveries", swept.deliveries(), "dead", dead);
    }
}
