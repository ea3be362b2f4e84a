package dev.wagateway.events;

import dev.wagateway.localsqs.LocalSqs;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.PurgeQueueRequest;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event queue's sends, against ElasticMQ: each body once, concurrent callers' bodies batched together. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EventQueueTest {

    private LocalSqs sqs;

    @BeforeAll
    void start() {
        sqs = LocalSqs.start();
    }

    @AfterAll
    void stop() {
        sqs.close();
    }

    private EventQueue queue(String url) {
        return new EventQueue(new EventQueueSettings(url, sqs.endpoint().toString(), "us-east-1", false), JsonMapper.createDefault());
    }

    private EventQueue backgroundQueue(String url) {
        return new EventQueue(new EventQueueSettings(url, sqs.endpoint().toString(), "us-east-1", true), JsonMapper.createDefault());
    }

    private List<String> received() {
        return received(sqs.queueUrl());
    }

    private List<String> received(String queueUrl) {
        List<String> bodies = new ArrayList<>();
        List<Message> messages;
        do {
            messages = sqs.client().receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                    .maxNumberOfMessages(10).waitTimeSeconds(bodies.isEmpty() ? 1 : 0).build()).messages();
            messages.forEach(m -> bodies.add(m.body()));
        } while (!messages.isEmpty());
        return bodies;
    }

    /** The event ids the bodies name, packed or not, as the dispatcher reads them. */
    private static List<String> eventIds(List<String> bodies) {
        List<String> ids = new ArrayList<>();
        for (String body : bodies) {
            List<EventMessage> read = EventMessage.readAll(JSON, body);
            assertFalse(read.isEmpty(), "the dispatcher reads " + body);
            read.forEach(message -> ids.add(message.eventId()));
        }
        return ids;
    }

    private static final JsonMapper JSON = JsonMapper.createDefault();

    @Test
    void concurrentCallersBodiesGoTogetherEachOnce() throws Exception {
        sqs.client().purgeQueue(PurgeQueueRequest.builder().queueUrl(sqs.queueUrl()).build());
        EventQueue queue = queue(sqs.queueUrl());
        int callers = 60;
        // Virtual threads, as the server runs requests: callers waiting for a batch must leave the carriers
        // (as many as the cores) to the callers that send it.
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Boolean>> sent = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String id = "evt_" + i;
            sent.add(threads.submit(() -> {
                go.await();
                return queue.send(List.of(EventMessage.fanOut(id)));
            }));
        }
        go.countDown();
        for (Future<Boolean> each : sent) {
            assertTrue(each.get(), "every caller's body taken");
        }
        threads.shutdown();

        List<String> ids = eventIds(received());
        assertEquals(callers, ids.size(), "each event once: " + ids);
        assertEquals(callers, ids.stream().distinct().count());
        assertTrue(queue.calls() < callers / 2, callers + " callers took " + queue.calls() + " SQS calls: not batched");
        queue.close();
    }

    @Test
    void oneCallerAloneIsSentAtOnceInOneCall() {
        sqs.client().purgeQueue(PurgeQueueRequest.builder().queueUrl(sqs.queueUrl()).build());
        EventQueue queue = queue(sqs.queueUrl());
        List<EventMessage> many = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            many.add(EventMessage.fanOut("evt_many_" + i));
        }
        // Sent at once: the call is made before send returns (no clock here: a loaded machine took 14 s once).
        assertTrue(queue.send(List.of(EventMessage.fanOut("evt_alone"))));
        assertEquals(1, queue.calls());
        assertTrue(queue.send(many), "25 fan-outs: two bodies (20 and 5) in one call");
        assertEquals(2, queue.calls());
        List<String> bodies = received();
        assertEquals(3, bodies.size(), "the lone one, then 20 and 5 packed: " + bodies);
        List<String> ids = eventIds(bodies);
        assertEquals(26, ids.size());
        assertEquals(26, ids.stream().distinct().count());
        assertTrue(bodies.contains("{\"event_id\":\"evt_alone\"}"), "one event alone keeps the one-event body: " + bodies);
        queue.close();
    }

    @Test
    void retriesAreNeverPackedAndConsumerQueuesGetOneEventPerMessage() {
        sqs.client().purgeQueue(PurgeQueueRequest.builder().queueUrl(sqs.queueUrl()).build());
        EventQueue queue = queue(sqs.queueUrl());
        List<EventMessage> mixed = List.of(EventMessage.fanOut("evt_a"), EventMessage.fanOut("evt_b"),
                EventMessage.retry("evt_c", "wh_1"), EventMessage.fanOut("evt_d"), EventMessage.retry("evt_e", "wh_2"));
        assertTrue(queue.send(mixed));
        List<String> bodies = received();
        assertEquals(4, bodies.size(), "a and b together, the retries alone, d alone: " + bodies);
        assertTrue(bodies.contains("{\"event_id\":\"evt_c\",\"webhook_id\":\"wh_1\"}"), bodies.toString());
        assertTrue(bodies.contains("{\"event_id\":\"evt_e\",\"webhook_id\":\"wh_2\"}"), bodies.toString());
        assertEquals(List.of("evt_a", "evt_b", "evt_c", "evt_d", "evt_e"), eventIds(bodies).stream().sorted().toList());

        String consumer = sqs.consumer("packing-test", "message.received").get("events.consumers.packing-test.queue-url");
        List<EventMessage> forwarded = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            forwarded.add(EventMessage.fanOut("evt_f" + i));
        }
        assertTrue(queue.sendTo(consumer, forwarded));
        List<String> consumerBodies = received(consumer);
        assertEquals(12, consumerBodies.size(), "one event per message: " + consumerBodies);
        consumerBodies.forEach(body -> assertTrue(EventMessage.read(JSON, body).isPresent(), body));
        queue.close();
    }

    @Test
    void aQueueThatDoesNotExistAnswersFalseAndNeverThrows() {
        EventQueue queue = queue(sqs.endpoint() + "/000000000000/no-such-queue");
        assertFalse(queue.send(List.of(EventMessage.fanOut("evt_lost"))));
        queue.close();
    }

    @Test
    void inTheBackgroundPublishingWaitsForNoCallAndEveryBodyArrivesOnceInFewCalls() throws Exception {
        sqs.client().purgeQueue(PurgeQueueRequest.builder().queueUrl(sqs.queueUrl()).build());
        EventQueue queue = backgroundQueue(sqs.queueUrl());
        int callers = 200;
        ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            String id = "evt_bg_" + i;
            done.add(threads.submit(() -> {
                go.await();
                queue.publish(List.of(EventMessage.fanOut(id)));
                return null;
            }));
        }
        go.countDown();
        for (Future<?> each : done) {
            each.get();
        }
        threads.shutdown();
        // Sent without any caller waiting: they arrive (the first call also builds the SDK's client, slow on a busy machine).
        List<String> bodies = new ArrayList<>();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        while (eventIds(bodies).size() < callers && System.nanoTime() < deadline) {
            bodies.addAll(received());
        }
        queue.close();
        List<String> ids = eventIds(bodies);
        assertEquals(callers, ids.size(), "each event once: " + ids.size());
        assertEquals(callers, ids.stream().distinct().count());
        assertTrue(queue.calls() <= callers / 3, callers + " bodies took " + queue.calls() + " SQS calls: not batched");
    }

    @Test
    void inTheBackgroundAQueueThatDoesNotExistNeverReachesTheCaller() {
        EventQueue queue = backgroundQueue(sqs.endpoint() + "/000000000000/no-such-queue");
        long start = System.nanoTime();
        queue.publish(List.of(EventMessage.fanOut("evt_lost")));
        assertTrue((System.nanoTime() - start) / 1_000_000 < 500, "the caller did not wait for SQS");
        queue.close();
        assertEquals(1, queue.calls(), "tried once, then left to the sweeper");
    }
}
