package dev.wagateway.automationworker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * The Lambda handler of the automation queue's event source mapping (with {@code ReportBatchItemFailures}).
 * Lambda builds handlers itself, so the one bean it needs comes by field injection.
 */
public class AutomationHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    AutomationBatch batch;

    public AutomationHandler() {
    }

    public AutomationHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return batch.handle(event);
    }
}
