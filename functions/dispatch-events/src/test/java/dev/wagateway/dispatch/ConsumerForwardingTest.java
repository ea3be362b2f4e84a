package dev.wagateway.dispatch;

import dev.wagateway.delivery.Deliveries;
import dev.wagateway.delivery.Dispatcher;
import dev.wagateway.delivery.Sweeper;
import dev.wagateway.events.EventMessage;
import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The fan-out hands each event to the product's own consumers (the media job, the automation worker)
 * through their queues, by type, and an event a consumer's queue did not take is left for the sweeper.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConsumerForwardingTest {

    private EventsStack stack;
    private Map<String, String> consumer;

    @BeforeAll
    void start() {
        stack = new EventsStack(getClass().getSimpleName());
        consumer = stack.sqs.consumer("media", "message.received", "message.status");
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    private static List<String> write(ApplicationContext in, List<NewEvent> events) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> transactions = in.getBean(TransactionOperations.class);
        OutboxWriter outbox = in.getBean(OutboxWriter.class);
        return transactions.executeWrite(status -> {
            try {
                return outbox.write(events, false);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static List<NewEvent> received(String conversation) {
        return List.of(
                NewEvent.about(EventType.MESSAGE_RECEIVED, conversation, Map.of("message", Map.of("content", "hi"))),
                NewEvent.about(EventType.CONTACT_CREATED, conversation, Map.of("contact", Map.of("phone", conversation))));
    }

    private List<String> consumerQueue() {
        List<String> ids = new ArrayList<>();
        String url = consumer.get("events.consumers.media.queue-url");
        List<Message> messages;
        do {
            messages = stack.sqs.client().receiveMessage(ReceiveMessageRequest.builder().queueUrl(url)
                    .maxNumberOfMessages(10).waitTimeSeconds(1).build()).messages();
            messages.forEach(m -> ids.add(m.body()));
        } while (!messages.isEmpty());
        return ids;
    }

    private static String body(String eventId) {
        return "{\"event_id\":\"" + eventId + "\"}";
    }

    @Test
    void eventsOfTheConsumersTypesReachItsQueueAndNoOthers() {
        ApplicationContext context = stack.context(new HashMap<>(consumer));
        List<String> ids = write(context, received("+15550100201"));

        context.getBean(Dispatcher.class).dispatch(ids.stream().map(EventMessage::fanOut).toList());

        assertEquals(List.of(body(ids.get(0))), consumerQueue(), "message.received only, once");
        assertTrue(context.getBean(Deliveries.class).unrouted(ids).isEmpty(), "both events fanned out");
    }

    @Test
    void anEventTheConsumersQueueDidNotTakeIsLeftForTheSweeper() throws Exception {
        Map<String, Object> broken = new HashMap<>(consumer);
        broken.put("events.consumers.media.queue-url", stack.sqs.endpoint() + "/000000000000/no-such-queue");
        ApplicationContext brokenContext = stack.context(broken);
        List<String> ids = write(brokenContext, received("+15550100202"));

        brokenContext.getBean(Dispatcher.class).dispatch(ids.stream().map(EventMessage::fanOut).toList());

        List<String> unrouted = brokenContext.getBean(Deliveries.class).unrouted(ids).stream()
                .map(Deliveries.Unrouted::eventId).toList();
        assertEquals(List.of(ids.get(0)), unrouted, "the forward failed: message.received is not marked; contact.created is");

        ApplicationContext context = stack.context(new HashMap<>(consumer));
        stack.dispatchers(context, 1);
        Thread.sleep(1100); // the sweeper takes events older than sweep-after (1 s here)
        Sweeper.Swept swept = context.getBean(Sweeper.class).sweep();
        assertTrue(swept.events() >= 1, "swept " + swept);
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<String> arrived = new ArrayList<>();
        while (arrived.isEmpty() && System.nanoTime() < deadline) {
            arrived.addAll(consumerQueue());
        }
        assertEquals(List.of(body(ids.get(0))), arrived, "forwarded once the sweeper fanned it out again");
        Deliveries deliveries = context.getBean(Deliveries.class);
        while (!deliveries.unrouted(ids).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(25);
        }
        assertTrue(deliveries.unrouted(ids).isEmpty(), "now marked");
    }
}
