package dev.wagateway.events;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Sends message bodies to SQS in batches of up to ten, whoever they come from: the bodies that
 * concurrent transactions hand over while a batch is on its way go together in the next one, as a
 * database groups commits. No thread of its own: a caller sends on its own thread when fewer than
 * {@code sendersPerQueue} batches are on their way (the oldest pending bodies first, its own among
 * them in turn), and otherwise waits for a sender to take its bodies. So a send has happened (or failed) when
 * {@link #send} returns, as with a direct call, and one caller alone (a Lambda instance serves one
 * request at a time) sends at once, with no waiting for company.
 *
 * <p>Why: each SQS call costs the SDK (signing, marshalling) and SQS far more than one more entry in a
 * batch; with one call per transaction the calls, not the database, bounded the webhook's ingestion.
 * For the same reason the fan-outs of one batch share bodies: consecutive {@link Outgoing} with a
 * {@code packable} id go {@link EventMessage#PACKED} to a body, so a full call carries 200 events.
 */
final class BatchingSender implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BatchingSender.class);
    /** SQS's largest batch. */
    static final int BATCH = 10;
    /** Background senders per queue (see {@link #handOver}). */
    private static final int BACKGROUND_SENDERS = 1;
    /** What one call carries at most: ten messages of packed fan-outs. */
    private static final int FULL_CALL = BATCH * EventMessage.PACKED;
    /** How long the background sender lets a call fill before sending it: 50 ms more latency, far fewer calls. */
    static final long LINGER_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long LINGER_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A waiting caller looks again whether it can send after this long, unless woken first. */
    private static final long WAIT_STEP_NANOS = TimeUnit.MILLISECONDS.toNanos(2);

    private final Supplier<SqsClient> client;
    private final Function<List<String>, String> packer;
    private final int sendersPerQueue;
    private final Duration wait;
    private final Map<String, Lane> lanes = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();
    private volatile boolean open = true;

    /**
     * @param packer          the one body of several packable ids (see {@link EventMessage#pack})
     * @param sendersPerQueue batches on their way to one queue at once
     * @param wait            how long a caller waits for its batch before leaving it to the sweeper
     */
    BatchingSender(Supplier<SqsClient> client, Function<List<String>, String> packer, int sendersPerQueue, Duration wait) {
        this.client = client;
        this.packer = packer;
        this.sendersPerQueue = sendersPerQueue;
        this.wait = wait;
    }

    /**
     * What to send: a body, and the event id it fans out when it may share a body with others (null: it goes
     * as it is, one message).
     */
    record Outgoing(String body, String packable) {
    }

    /** Sends the bodies; true when SQS took them all within the wait. Never throws. */
    boolean send(String queueUrl, List<Outgoing> bodies) {
        if (bodies.isEmpty()) {
            return true;
        }
        if (!open) {
            return false;
        }
        Lane lane = lanes.computeIfAbsent(queueUrl, Lane::new);
        List<CompletableFuture<Boolean>> taken = new ArrayList<>(bodies.size());
        for (Outgoing body : bodies) {
            Entry entry = new Entry(body, new CompletableFuture<>());
            taken.add(entry.taken());
            lane.pending.add(entry);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(taken.toArray(CompletableFuture[]::new));
        Thread caller = Thread.currentThread();
        all.whenComplete((done, failed) -> LockSupport.unpark(caller));
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            while (!all.isDone()) {
                boolean sent = false;
                if (lane.senders.tryAcquire()) {
                    try {
                        sent = lane.sendNextBatch();
                    } finally {
                        lane.senders.release();
                    }
                }
                if (sent) {
                    continue;
                }
                if (System.nanoTime() > deadline) {
                    LOG.warn("SQS did not take {} event message(s) within {}; the sweeper sends them again", bodies.size(), wait);
                    return false;
                } else {
                    // Our bodies are on their way in another caller's batch, or wait for a free sender: a sender
                    // finishing our batch wakes us; the short wait is only to take over as a sender. Parked, not
                    // Future.get with a timeout: its TimeoutException every 2 ms was a stack trace per wait.
                    LockSupport.parkNanos(this, WAIT_STEP_NANOS);
                    if (Thread.interrupted()) {
                        throw new InterruptedException();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        return taken.stream().allMatch(CompletableFuture::join);
    }

    /**
     * Hands the bodies over and returns at once: a background sender sends them, at most one batch on its way per
     * queue, so that what arrives meanwhile fills the next batch (fewer, fuller SQS calls). For a process that
     * outlives its answer (a server), not Lambda, which freezes it once it answers. A body the background sender
     * could not send (SQS down, the process stopping) is the sweeper's, as with {@link #send}.
     */
    void handOver(String queueUrl, List<Outgoing> bodies) {
        if (bodies.isEmpty() || !open) {
            return;
        }
        Lane lane = lanes.computeIfAbsent(queueUrl, Lane::new);
        for (Outgoing body : bodies) {
            lane.pending.add(new Entry(body, new CompletableFuture<>()));
        }
        lane.wakeBackground();
    }

    /** SQS calls made so far (the batching is visible in tests). */
    long calls() {
        return calls.get();
    }

    @Override
    public void close() {
        open = false;
        lanes.values().forEach(Lane::stop);
    }

    /** How long closing waits for the background sender to send what it was handed. */
    static final Duration CLOSE_WAIT = Duration.ofSeconds(3);

    private record Entry(Outgoing outgoing, CompletableFuture<Boolean> taken) {
    }

    /** One queue's pending bodies, and the permits of the batches on their way to it. */
    private final class Lane {
        private final String queueUrl;
        private final ConcurrentLinkedQueue<Entry> pending = new ConcurrentLinkedQueue<>();
        private final Semaphore senders = new Semaphore(sendersPerQueue);
        private final Object taking = new Object();

        /** The background sender of {@link #handOver} (one, see {@link #BACKGROUND_SENDERS}), started on the first hand-over. */
        private List<Thread> background;
        private final Object signal = new Object();
        private boolean signalled;

        Lane(String queueUrl) {
            this.queueUrl = queueUrl;
        }

        void wakeBackground() {
            synchronized (signal) {
                if (background == null) {
                    background = new ArrayList<>();
                    // One: while its call is on its way, what arrives fills the next (two, lingering side by side,
                    // each sent about half as much per call).
                    for (int i = 0; i < BACKGROUND_SENDERS; i++) {
                        background.add(Thread.ofPlatform().daemon().name("event-queue-sender-" + i).start(this::sendInBackground));
                    }
                }
                signalled = true;
                signal.notifyAll();
            }
        }

        /**
         * Lets what arrives within {@link #LINGER_NANOS} join what is pending, unless that already fills a call:
         * sending at once made one call per one or two events at a webhook's rates (the calls, not the
         * database, bounded them). Nobody waits for it: the answers went out at hand-over.
         */
        private void waitForCompany() {
            long until = System.nanoTime() + LINGER_NANOS;
            while (open && !pending.isEmpty() && pending.size() < FULL_CALL && System.nanoTime() < until) {
                LockSupport.parkNanos(LINGER_STEP_NANOS);
            }
        }

        /** Sends what was handed over, a batch at a time, until closed and nothing is left. */
        private void sendInBackground() {
            while (true) {
                boolean sent = false;
                if (senders.tryAcquire()) {
                    try {
                        waitForCompany();
                        sent = sendNextBatch();
                    } finally {
                        senders.release();
                    }
                }
                if (sent) {
                    continue;
                }
                synchronized (signal) {
                    if (!open && pending.isEmpty()) {
                        signal.notifyAll();
                        return;
                    }
                    if (!signalled) {
                        try {
                            // A caller's sends may hold both permits for a moment: look again soon.
                            signal.wait(pending.isEmpty() ? 1_000 : 2);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                    signalled = false;
                }
            }
        }

        /** Sends the oldest pending bodies, up to a batch; false when there were none (others took them). */
        boolean sendNextBatch() {
            List<List<Entry>> batch = take();
            if (batch.isEmpty()) {
                return false;
            }
            sendBatch(batch);
            return true;
        }

        /**
         * The oldest pending entries, as up to {@link #BATCH} messages: consecutive packable ones share a
         * message, up to {@link EventMessage#PACKED}. Under a lock, so that an entry looked at is the entry taken.
         */
        private List<List<Entry>> take() {
            List<List<Entry>> batch = new ArrayList<>(BATCH);
            synchronized (taking) {
                List<Entry> packing = null;
                Entry next;
                while ((next = pending.peek()) != null) {
                    boolean packable = next.outgoing().packable() != null;
                    if (packable && packing != null && packing.size() < EventMessage.PACKED) {
                        packing.add(pending.poll());
                        continue;
                    }
                    if (batch.size() == BATCH) {
                        break;
                    }
                    List<Entry> message = new ArrayList<>(packable ? EventMessage.PACKED : 1);
                    message.add(pending.poll());
                    batch.add(message);
                    packing = packable ? message : null;
                }
            }
            return batch;
        }

        private void sendBatch(List<List<Entry>> batch) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(body(batch.get(i))).build());
            }
            Set<String> failed = new HashSet<>();
            try {
                calls.incrementAndGet();
                SendMessageBatchResponse response = client.get().sendMessageBatch(
                        SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
                response.failed().forEach(f -> failed.add(f.id()));
                if (!failed.isEmpty()) {
                    LOG.warn("SQS refused {} of {} event message(s) ({}); the sweeper sends them again",
                            failed.size(), batch.size(), response.failed().getFirst().code());
                }
            } catch (RuntimeException e) {
                LOG.warn("Could not send {} event message(s) to SQS; the sweeper sends them again: {}", batch.size(), e.toString());
                batch.forEach(message -> message.forEach(entry -> entry.taken().complete(false)));
                return;
            }
            for (int i = 0; i < batch.size(); i++) {
                boolean taken = !failed.contains(String.valueOf(i));
                batch.get(i).forEach(entry -> entry.taken().complete(taken));
            }
        }

        private String body(List<Entry> message) {
            if (message.size() == 1) {
                return message.getFirst().outgoing().body();
            }
            return packer.apply(message.stream().map(entry -> entry.outgoing().packable()).toList());
        }

        void stop() {
            List<Thread> senderThreads;
            synchronized (signal) {
                senderThreads = background == null ? List.of() : List.copyOf(background);
                signalled = true;
                signal.notifyAll();
            }
            // What was handed over goes out before the client closes, within a bound.
            long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
            for (Thread sender : senderThreads) {
                try {
                    sender.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            Entry left;
            int unsent = 0;
            while ((left = pending.poll()) != null) {
                left.taken().complete(false);
                unsent++;
            }
            if (unsent > 0) {
                LOG.warn("{} event message(s) not sent to SQS before closing; the sweeper sends them again", unsent);
            }
        }
    }
}
