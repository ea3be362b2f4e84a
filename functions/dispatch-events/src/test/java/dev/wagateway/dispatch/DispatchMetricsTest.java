package dev.wagateway.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import com.fasterxml.jackson.databind.JsonNode;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.metrics.EmfLines;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What dispatch-events counts, as its Lambda handlers write it (CloudWatch's embedded metric format on standard
 * output): the event messages a batch dispatched, and the deliveries that died since the last sweep, which the
 * stage's dead-deliveries alarm watches (namespace WaGateway, metric DeadDeliveries, dimension Stage).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DispatchMetricsTest {

    private EventsStack stack;
    private ApplicationContext context;

    @BeforeAll
    void start() {
        stack = new EventsStack(getClass().getSimpleName());
        context = stack.context(Map.of("wa-gateway.stage", "dev"));
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void aBatchCountsTheEventMessagesItDispatched() {
        SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
        message.setMessageId("m-1");
        // An event no subscription wants (none exists): dispatched, with no delivery to attempt.
        message.setBody("{\"event_id\":\"evt_01JQ0000000000000000000000\"}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(message));
        DispatchHandler handler = new DispatchHandler(context);
        SQSBatchResponse[] response = new SQSBatchResponse[1];
        JsonNode line = EmfLines.withMetric(EmfLines.of(() -> response[0] = handler.handleRequest(event, LambdaEvents.context())),
                "EventsDispatched");
        assertEquals(List.of(), response[0].getBatchItemFailures());
        assertEquals("WaGateway", EmfLines.namespace(line));
        assertEquals("[[\"Stage\"]]", EmfLines.dimensions(line));
        assertEquals("dev", line.path("Stage").asText());
        assertEquals(1.0, line.path("EventsDispatched").asDouble());
        assertEquals(0.0, line.path("DeliveriesAttempted").asDouble());
    }

    @Test
    void aPackedMessageIsEachOfItsEventsAndOnlyTheUnreadableMessageFails() {
        SQSEvent.SQSMessage packed = new SQSEvent.SQSMessage();
        packed.setMessageId("m-packed");
        // The writers' sender packs fan-outs (EventMessage.pack): three events in one queue message.
        packed.setBody("{\"event_ids\":[\"evt_01JQ0000000000000000000001\",\"evt_01JQ0000000000000000000002\","
                + "\"evt_01JQ0000000000000000000003\"]}");
        SQSEvent.SQSMessage unreadable = new SQSEvent.SQSMessage();
        unreadable.setMessageId("m-bad");
        unreadable.setBody("{\"event_ids\":[\"evt_01JQ0000000000000000000004\",\"not-an-event\"]}");
        SQSEvent event = new SQSEvent();
        event.setRecords(List.of(packed, unreadable));
        DispatchHandler handler = new DispatchHandler(context);
        SQSBatchResponse[] response = new SQSBatchResponse[1];
        JsonNode line = EmfLines.withMetric(EmfLines.of(() -> response[0] = handler.handleRequest(event, LambdaEvents.context())),
                "EventsDispatched");
        assertEquals(List.of("m-bad"), response[0].getBatchItemFailures().stream()
                .map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList(), "only the unreadable message goes back to SQS");
        assertEquals(3.0, line.path("EventsDispatched").asDouble(), "each event of the packed message dispatched");
    }

    @Test
    void theSweepCountsDeadDeliveriesUnderTheNameTheAlarmWatches() {
        SweepHandler handler = new SweepHandler(context);
        JsonNode line = EmfLines.withMetric(EmfLines.of(() -> handler.handleRequest(new ScheduledEvent(), LambdaEvents.context())),
                "DeadDeliveries");
        assertEquals("WaGateway", EmfLines.namespace(line));
        assertEquals("[[\"Stage\"]]", EmfLines.dimensions(line));
        assertEquals("dev", line.path("Stage").asText());
        assertEquals(0.0, line.path("DeadDeliveries").asDouble());
    }
}
