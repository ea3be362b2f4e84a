package dev.wagateway.listtemplates;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.util.Map;

/**
 * The scheduled template sync: a Lambda handler for an EventBridge schedule event that runs the
 * same sync as {@code POST /v1/templates/sync}. It answers the counts; a refusal from Meta fails
 * the invocation (with the problem's detail, never a secret) so the schedule's retry and alarms see it.
 */
public class TemplateSyncHandler extends MicronautRequestHandler<ScheduledEvent, Map<String, Object>> {

    @Inject
    TemplateSyncService sync;

    public TemplateSyncHandler() {
        super();
    }

    public TemplateSyncHandler(ApplicationContext applicationContext) {
        super(applicationContext);
    }

    @Override
    public Map<String, Object> execute(ScheduledEvent event) {
        try {
            return sync.sync().asMap();
        } catch (ProblemException e) {
            throw new IllegalStateException("Template sync failed: " + e.problemType().slug() + ": " + e.detail());
        }
    }
}
