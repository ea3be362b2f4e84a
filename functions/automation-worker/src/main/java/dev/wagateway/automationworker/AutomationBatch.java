package dev.wagateway.automationworker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.wagateway.events.EventMessage;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * One batch of the automation queue ({@code {"event_id": "evt_..."}} per message): each event handled on
 * its own, and the ones that failed or must wait reported back (partial batch failure), so SQS hands out
 * only those again and, after its tries, moves them to the dead-letter queue.
 */
@Singleton
public class AutomationBatch {

    private static final Logger LOG = LoggerFactory.getLogger(AutomationBatch.class);

    private final InboundAutomation automation;
    private final JsonMapper json;

    public AutomationBatch(InboundAutomation automation, JsonMapper json) {
        this.automation = automation;
        this.json = json;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        for (SQSEvent.SQSMessage record : event.getRecords() == null ? List.<SQSEvent.SQSMessage>of() : event.getRecords()) {
            String eventId = EventMessage.read(json, record.getBody()).map(EventMessage::eventId).orElse(null);
            if (eventId == null) {
                LOG.error("Automation queue message {} is not an event message; it goes to the dead-letter queue after its retries",
                        record.getMessageId());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
            try {
                automation.handle(eventId);
            } catch (RetryLater e) {
                LOG.info("Event {}: {}; SQS hands it out again", eventId, e.getMessage());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            } catch (RuntimeException e) {
                LOG.warn("Event {} could not be handled; SQS hands it out again: {}", eventId, e.toString());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
