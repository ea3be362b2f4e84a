package dev.wagateway.mediajobs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

/**
 * The Lambda handler of the media consumer queue's event source mapping ({@code ReportBatchItemFailures}).
 * Lambda builds handlers itself, so the one bean it needs comes by field injection.
 */
public class MediaJobHandler extends MicronautRequestHandler<SQSEvent, SQSBatchResponse> {

    @Inject
    MediaEventBatch batch;

    public MediaJobHandler() {
    }

    public MediaJobHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public SQSBatchResponse execute(SQSEvent event) {
        return batch.handle(event);
    }
}
