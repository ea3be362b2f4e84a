package dev.wagateway.mediajobs;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.Map;

/** The retry schedule (EventBridge, every minute): inbound files whose next attempt is due. */
public class MediaRetryHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Integer>> {

    @Inject
    MediaRetrySweep sweep;

    public MediaRetryHandler() {
    }

    public MediaRetryHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public Map<String, Integer> execute(ScheduledEvent event) {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        sweep.run(Instant.now()).forEach((outcome, n) -> counts.put(outcome.name().toLowerCase(java.util.Locale.ROOT), n));
        return counts;
    }
}
