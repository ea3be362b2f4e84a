package dev.wagateway.dispatch;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wagateway.delivery.Sweeper;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * Every minute (EventBridge): sends again what no worker picked up, reports deliveries that died, and folds the
 * message stats' changes into their counts ({@link StatsFold}), so a stats request rarely has any to fold.
 */
public class SweepHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Object>> {

    @Inject
    Sweeper sweeper;

    @Inject
    DeadDeliveryMetric deadDeliveries;

    @Inject
    StatsFold statsFold;

    public SweepHandler() {
    }

    public SweepHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        Sweeper.Swept swept = sweeper.sweep();
        long dead = deadDeliveries.report();
        long folded = statsFold.run();
        return Map.of("events", swept.events(), "deliveries", swept.deliveries(), "dead", dead, "stats_changes_folded", folded);
    }
}
