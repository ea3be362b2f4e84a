package dev.wagateway.dispatch;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.wagateway.delivery.Dispatcher;
import dev.wagateway.events.EventMessage;
import dev.wagateway.metrics.GatewayMetrics;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One batch of the event queue, as Lambda's event source mapping hands it over: every message
 * handled, and the ones that could not be reported back (partial batch failure), so SQS hands out
 * only those again and, after a few tries, moves them to the dead-letter queue (kept, alarmed).
 * A subscriber that fails is not a message failure: its retries are the delivery's own.
 */
@Singleton
public class QueueBatch {

    private static final Logger LOG = LoggerFactory.getLogger(QueueBatch.class);

    private final Dispatcher dispatcher;
    private final JsonMapper json;
    private final GatewayMetrics metrics;

    public QueueBatch(Dispatcher dispatcher, JsonMapper json, GatewayMetrics metrics) {
        this.dispatcher = dispatcher;
        this.json = json;
        this.metrics = metrics;
    }

    public SQSBatchResponse handle(SQSEvent event) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<EventMessage> messages = new ArrayList<>();
        List<String> messageIds = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = event.getRecords() == null ? List.of() : event.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            // One event, or several fan-outs packed in one body by the writers' sender.
            List<EventMessage> read = EventMessage.readAll(json, record.getBody());
            if (read.isEmpty()) {
                LOG.error("Event queue message {} is not an event message; it goes to the dead-letter queue after its retries",
                        record.getMessageId());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            } else {
                messages.addAll(read);
                messageIds.add(record.getMessageId());
            }
        }
        if (!messages.isEmpty()) {
            try {
                Dispatcher.Result result = dispatcher.dispatch(messages);
                LOG.debug("Batch of {}: {} attempted, {} delivered", messages.size(), result.attempted(), result.delivered());
                metrics.count(Map.of("EventsDispatched", messages.size(), "DeliveriesAttempted", result.attempted(),
                        "DeliveriesSucceeded", result.delivered(), "DeliveriesFailed", result.failed()));
            } catch (RuntimeException e) {
                LOG.warn("Could not handle a batch of {} event message(s); SQS hands them out again: {}", messages.size(), e.toString());
                messageIds.forEach(id -> failures.add(new SQSBatchResponse.BatchItemFailure(id)));
            }
        }
        return new SQSBatchResponse(failures);
    }
}
