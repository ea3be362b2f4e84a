package dev.wagateway.dispatch;

import com.standardwebhooks.Webhook;
import dev.wagateway.delivery.Redelivery;
import dev.wagateway.delivery.SignatureScheme;
import dev.wagateway.delivery.Subscription;
import dev.wagateway.delivery.Subscriptions;
import dev.wagateway.delivery.Sweeper;
import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Events written in a transaction reach real loopback subscribers through ElasticMQ and the
 * dispatcher, signed; retries, 410, a failed SQS send, a killed dispatcher, rotation, replay.
 * Each case subscribes for a business number of its own, so cases never see each other's events.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DeliveryPipelineTest {

    private static final AtomicInteger NUMBERS = new AtomicInteger(100);

    private EventsStack stack;
    private ApplicationContext context;
    private final List<LoopbackSubscriber> subscribers = new ArrayList<>();

    @BeforeAll
    void start() {
        stack = new EventsStack(getClass().getSimpleName());
        context = stack.context(Map.of());
        stack.dispatchers(context, 2);
    }

    @AfterAll
    void stop() throws Exception {
        subscribers.forEach(LoopbackSubscriber::close);
        stack.close();
    }

    private LoopbackSubscriber subscriber() throws Exception {
        LoopbackSubscriber subscriber = new LoopbackSubscriber();
        subscribers.add(subscriber);
        return subscriber;
    }

    private static String number() {
        return "10654035" + NUMBERS.incrementAndGet();
    }

    private Subscription subscribe(LoopbackSubscriber subscriber, String number, SignatureScheme scheme) {
        return context.getBean(Subscriptions.class).create(subscriber.url(), List.of("*"), List.of(number), "test", scheme);
    }

    private static NewEvent event(String number, String conversation, String text) {
        return NewEvent.about(EventType.MESSAGE_RECEIVED, conversation, Map.of("message", Map.of("content", text)))
                .withPhoneNumberId(number);
    }

    /** Writes the events in one transaction of the given context, as a table's writer does. */
    private static List<String> write(ApplicationContext in, List<NewEvent> events) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> transactions = in.getBean(TransactionOperations.class);
        OutboxWriter outbox = in.getBean(OutboxWriter.class);
        return transactions.executeWrite(status -> {
            try {
                return outbox.write(events);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void await(String what, Duration within, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + within + ": " + what);
            }
            Thread.sleep(25);
        }
    }

    private Map<String, Object> json(String body) {
        try {
            return context.getBean(JsonMapper.class).readValue(body, Map.class);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, List<String>> headers(LoopbackSubscriber.Received received) {
        return received.headers();
    }

    @Test
    void eventsArriveSignedUnderStandardWebhooksInConversationOrder() throws Exception {
        LoopbackSubscriber subscriber = subscriber();
        String number = number();
        Subscription subscription = subscribe(subscriber, number, SignatureScheme.STANDARD);
        List<String> ids = write(context, List.of(event(number, "+15550100001", "one"), event(number, "+15550100001", "two"),
                event(number, "+15550100002", "other")));

        await("three deliveries", Duration.ofSeconds(10), () -> subscriber.accepted().size() == 3);
        Webhook verifier = new Webhook(subscription.secret());
        Map<String, Long> sequenceById = new HashMap<>();
        for (LoopbackSubscriber.Received received : subscriber.accepted()) {
            verifier.verify(received.body(), headers(received));
            Map<String, Object> event = json(received.body());
            assertEquals(received.header("webhook-id"), event.get("id"));
            assertEquals("message.received", event.get("type"));
            assertEquals(number, event.get("phone_number_id"));
            sequenceById.put((String) event.get("id"), ((Number) event.get("sequence")).longValue());
        }
        assertEquals(Set.copyOf(ids), sequenceById.keySet());
        assertEquals(List.of(1L, 2L, 1L), ids.stream().map(sequenceById::get).toList(), "per conversation, from 1");
        Thread.sleep(500);
        assertEquals(3, subscriber.received().size(), "each event once");
    }

    @Test
    void oneEventTransactionsNumberTheirConversationAsBatchesDo() {
        String number = number();
        String conversation = "+1555019" + number.substring(number.length() - 4);
        dev.wagateway.events.EventLog log = context.getBean(dev.wagateway.events.EventLog.class);
        List<String> ids = new java.util.ArrayList<>();
        // Alone (the one-event statement), then two in one transaction (the batch statement), then alone again.
        ids.addAll(write(context, List.of(event(number, conversation, "a"))));
        ids.addAll(write(context, List.of(event(number, conversation, "b"))));
        ids.addAll(write(context, List.of(event(number, conversation, "c"), event(number, conversation, "d"))));
        ids.addAll(write(context, List.of(event(number, conversation, "e"))));
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L), ids.stream().map(id -> log.find(id).orElseThrow().sequence()).toList(),
                "one numbering per conversation, whichever statement wrote the event");
        String unnumbered = write(context, List.of(event(number, null, "no conversation"))).getFirst();
        dev.wagateway.events.Event event = log.find(unnumbered).orElseThrow();
        assertEquals(null, event.sequence());
        assertEquals(null, event.conversation());
        assertEquals(Map.of("message", Map.of("content", "no conversation")), event.data());
        assertEquals(number, event.phoneNumberId());
    }

    @Test
    void hexSchemeSignsTheBodyWithTheSecretAsTheLegacyGatewayDid() throws Exception {
        LoopbackSubscriber subscriber = subscriber();
        String number = number();
        Subscription subscription = subscribe(subscriber, number, SignatureScheme.HMAC_SHA256_HEX);
        write(context, List.of(event(number, "+15550100003", "hex")));

        await("one delivery", Duration.ofSeconds(10), () -> subscriber.accepted().size() == 1);
        LoopbackSubscriber.Received received = subscriber.accepted().getFirst();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(subscription.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(received.body().getBytes(StandardCharsets.UTF_8)));
        assertEquals(expected, received.header("X-Hub-Signature-256"));
        assertEquals(null, received.header("webhook-signature"));
    }

    @Test
    void aSubscriberDownForAWhileGetsEverythingOnceItIsBack() throws Exception {
        LoopbackSubscriber subscriber = subscriber();
        String number = number();
        subscribe(subscriber, number, SignatureScheme.STANDARD);
        long backAt = System.currentTimeMillis() + 1500;
        subscriber.answer(request -> System.currentTimeMillis() < backAt ? 503 : 204);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.addAll(write(context, List.of(event(number, "+1555010001" + i, "down " + i))));
        }

        await("all five accepted", Duration.ofSeconds(20), () -> subscriber.accepted().size() >= 5);
        Thread.sleep(1000);
        List<String> accepted = subscriber.accepted().stream().map(r -> r.header("webhook-id")).toList();
        assertEquals(new TreeSet<>(ids), new TreeSet<>(accepted));
        assertEquals(5, accepted.size(), "each event accepted once: " + accepted);
        assertTrue(subscriber.received().size() > 5, "the first attempts failed");
    }

    @Test
    void goneDisablesTheSubscription() throws Exception {
        LoopbackSubscriber subscriber = subscriber();
        String number = number();
        Subscription subscription = subscribe(subscriber, number, SignatureScheme.STANDARD);
        subscriber.answer(request -> 410);
        write(context, List.of(event(number, "+15550100020", "gone")));

        Subscriptions subscriptions = context.getBean(Subscriptions.class);
        await("disabled", Duration.ofSeconds(10), () -> !subscriptions.find(subscription.id()).orElseThrow().active());
        assertTrue(subscriptions.find(subscription.id()).orElseThrow().disabledReason().contains("410"));
        write(context, List.of(event(number, "+15550100020", "after")));
        Thread.sleep(1500);
        assertEquals(1, subscriber.received().size(), "nothing after 410");
    }

    @Test
    void anSqsSendThatFailsAfterCommitIsSweptUp() throws Exception {
        LoopbackSubscriber subscriber = subscriber();
        String number = number();
        subscribe(subscriber, number, SignatureScheme.STANDARD);
        ApplicationContext broken = stack.context(Map.of("events.queue.url", stack.sqs.endpoint() + "/000000000000/no-such-queue"));
        List<String> ids = write(broken, List.of(event(number, "+15550100030", "swept")));
        Thread.sleep(1200);
        assertEquals(0, subscriber.received().size(), "the send failed: nothing yet");

        Sweeper.Swept swept = context.getBean(Sweeper.class).sweep();
        assertTrue(swept.events() >= 1, "swept " + swept);
        await("delivered after the sweep", Duration.ofSeconds(10), () -> subscriber.accepted().size() == 1);
        assertEquals(ids.getFirst(), subscriber.accepted().getFirst().header("webhook-id"));
    }

    @Test
    void aDispatcherKilledInTheMiddleOfABatchLosesNothing() throws Exception {
        LoopbackSubscriber subscriber = subscriber();
        String number = number();
        subscribe(subscriber, number, SignatureScheme.STANDARD);
        AtomicInteger arrived = new AtomicInteger();
        subscriber.answer(request -> {
            arrived.incrementAndGet();
            return 200;
        });
        subscriber.delay(1500);
        // A dispatcher of its own, killed while its attempts wait on the slow subscriber.
        ApplicationContext doomed = stack.context(Map.of("events.queue.url", stack.sqs.endpoint() + "/000000000000/no-such-queue"));
        List<String> ids = write(doomed, List.of(event(number, "+15550100040", "a"), event(number, "+15550100041", "b"),
                event(number, "+15550100042", "c")));
        Thread dispatcher = Thread.ofVirtual().start(() -> {
            try {
                new DispatchHandler(doomed).handleRequest(sqsEvent(ids), dev.wagateway.lambdaevents.LambdaEvents.context());
            } catch (RuntimeException expected) {
                // killed
            }
        });
        await("the attempts started", Duration.ofSeconds(10), () -> arrived.get() >= 1);
        doomed.close();
        dispatcher.join(5000);
        subscriber.delay(0);

        Sweeper sweeper = context.getBean(Sweeper.class);
        await("every event delivered", Duration.ofSeconds(30), () -> {
            sweeper.sweep();
            return subscriber.accepted().stream().map(r -> r.header("webhook-id")).collect(Collectors.toSet()).containsAll(ids);
        });
    }

    private static com.amazonaws.services.lambda.runtime.events.SQSEvent sqsEvent(List<String> ids) {
        List<com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage> records = new ArrayList<>();
        for (String id : ids) {
            var record = new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
            record.setMessageId("m-" + id);
            record.setBody("{\"event_id\":\"" + id + "\"}");
            records.add(record);
        }
        var event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
        event.setRecords(records);
        return event;
    }

    @Test
    void aRotatedSecretSignsBesideTheNewOneForTheGracePeriod() throws Exception {
        LoopbackSubscriber subscriber = subscriber();
        String number = number();
        Subscription before = subscribe(subscriber, number, SignatureScheme.STANDARD);
        Subscription after = context.getBean(Subscriptions.class).rotateSecret(before.id(), Instant.now(), Duration.ofHours(24)).orElseThrow();
        write(context, List.of(event(number, "+15550100050", "rotated")));

        await("delivered", Duration.ofSeconds(10), () -> subscriber.accepted().size() == 1);
        LoopbackSubscriber.Received received = subscriber.accepted().getFirst();
        assertEquals(2, received.header("webhook-signature").split(" ").length);
        new Webhook(before.secret()).verify(received.body(), headers(received));
        new Webhook(after.secret()).verify(received.body(), headers(received));
        assertFalse(before.secret().equals(after.secret()));
    }

    @Test
    void replayResendsTheRangeAndRedeliverOneEvent() throws Exception {
        LoopbackSubscriber subscriber = subscriber();
        String number = number();
        Subscription subscription = subscribe(subscriber, number, SignatureScheme.STANDARD);
        Instant from = Instant.now().minusSeconds(1);
        List<String> ids = write(context, List.of(event(number, "+15550100060", "r1"), event(number, "+15550100060", "r2")));
        await("delivered", Duration.ofSeconds(10), () -> subscriber.accepted().size() == 2);

        Redelivery redelivery = context.getBean(Redelivery.class);
        Redelivery.Replayed replayed = redelivery.replay(subscription, from, Instant.now().plusSeconds(1));
        assertEquals(2, replayed.queued());
        await("replayed", Duration.ofSeconds(10), () -> subscriber.accepted().size() == 4);
        assertEquals(Map.of(ids.get(0), 2L, ids.get(1), 2L), subscriber.accepted().stream()
                .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting())));

        assertEquals(1, redelivery.redeliver(ids.get(0)).orElseThrow());
        await("redelivered", Duration.ofSeconds(10), () -> subscriber.accepted().size() == 5);
        assertNotNull(subscriber.accepted().get(4).header("webhook-signature"));
    }
}
