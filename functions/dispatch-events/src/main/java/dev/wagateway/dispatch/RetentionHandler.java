package dev.wagateway.dispatch;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wagateway.delivery.Retention;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.util.Map;

/** Daily (EventBridge): deletes events and delivery logs older than the retention, in batches. */
public class RetentionHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Object>> {

    @Inject
    Retention retention;

    public RetentionHandler() {
    }

    public RetentionHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        Retention.Purged purged = retention.purge();
        return Map.of("events", purged.events(), "attempts", purged.attempts());
    }
}
