package dev.wagateway.events;

import io.micronaut.json.JsonMapper;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.SqsClientBuilder;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Sends event ids to the SQS event queue. A send that fails is logged and left: the events are
 * committed, and the sweeper sends again every event no worker picked up, so nothing is lost and
 * the caller's answer never depends on SQS.
 *
 * <p>The client is built on first use, not at a function's start: most requests of a function
 * that writes events pay nothing for it until they write one.
 */
@Singleton
public class EventQueue {

    private static final Logger LOG = LoggerFactory.getLogger(EventQueue.class);
    /** SQS's longest delay. */
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);
    /** Batches on their way to one queue at once: enough to keep up with the writers, few enough to batch. */
    static final int SENDERS_PER_QUEUE = 2;
    /** A caller's longest wait for SQS; past it the events are the sweeper's, and the answer goes out. */
    static final Duration SEND_WAIT = Duration.ofSeconds(3);

    private final EventQueueSettings settings;
    private final JsonMapper json;
    private final BatchingSender batches;
    private volatile SqsClient client;

    public EventQueue(EventQueueSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
        this.batches = new BatchingSender(this::client, this::packed, SENDERS_PER_QUEUE, SEND_WAIT);
    }

    /** SQS calls made so far (the webhook benchmark prints events per call). */
    public long calls() {
        return batches.calls();
    }

    /**
     * Sends each message once; true when SQS took them all. Never throws: what SQS did not take is
     * left to the sweeper.
     */
    public boolean send(List<EventMessage> messages) {
        if (!settings.configured()) {
            LOG.debug("No event queue configured: {} event message(s) wait for the sweeper", messages.size());
            return messages.isEmpty();
        }
        return batches.send(settings.url(), outgoing(messages, true));
    }

    /**
     * The ids of a transaction that just committed: sent as {@link #send(List)} does, or, with
     * {@code events.queue.background}, handed to a background sender without waiting (see
     * {@link EventQueueSettings#background()}). Either way what SQS does not take is the sweeper's.
     */
    public void publish(List<EventMessage> messages) {
        if (settings.configured() && settings.background()) {
            batches.handOver(settings.url(), outgoing(messages, true));
        } else {
            send(messages);
        }
    }

    /**
     * {@link #send(List)} to another queue of the same SQS (an internal consumer's: {@link EventConsumers}), one
     * event per message (what those consumers read); true when SQS took them all. Never throws.
     */
    public boolean sendTo(String queueUrl, List<EventMessage> messages) {
        return batches.send(queueUrl, outgoing(messages, false));
    }

    /** The messages' bodies; with {@code pack}, fan-outs may share a body (the dispatcher reads both shapes). */
    private List<BatchingSender.Outgoing> outgoing(List<EventMessage> messages, boolean pack) {
        List<BatchingSender.Outgoing> outgoing = new java.util.ArrayList<>(messages.size());
        for (EventMessage message : messages) {
            outgoing.add(new BatchingSender.Outgoing(body(message), pack && message.webhookId() == null ? message.eventId() : null));
        }
        return outgoing;
    }

    private String packed(List<String> eventIds) {
        try {
            return EventMessage.pack(json, eventIds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One message, seen by workers only after {@code delay} (at most {@link #MAX_DELAY}). Never throws. */
    public boolean sendLater(EventMessage message, Duration delay) {
        if (!settings.configured()) {
            return false;
        }
        long seconds = Math.clamp((delay.toMillis() + 999) / 1000, 0, MAX_DELAY.toSeconds());
        try {
            client().sendMessage(SendMessageRequest.builder().queueUrl(settings.url()).messageBody(body(message))
                    .delaySeconds((int) seconds).build());
            return true;
        } catch (RuntimeException e) {
            LOG.warn("Could not send a retry of {} to SQS; the sweeper sends it when due: {}", message.eventId(), e.toString());
            return false;
        }
    }

    private String body(EventMessage message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SqsClient client() {
        SqsClient current = client;
        if (current == null) {
            synchronized (this) {
                current = client;
                if (current == null) {
                    current = build();
                    client = current;
                }
            }
        }
        return current;
    }

    /**
     * For the SnapStart priming, before the snapshot: builds this queue's client (which the first request after a
     * restore would otherwise build), then sends one batch through a second client built the same way but pointed at
     * {@code loopback}, a server that answers as SQS does, so that the SDK's marshalling, signing, HTTP and answer
     * code is loaded and compiled inside the snapshot. Nothing reaches SQS, no event is sent, and the real client has
     * made no call (it resolves its credentials on its first one, after the restore). True when the loopback batch
     * was taken. Not configured: nothing, false.
     */
    public boolean primeAgainst(URI loopback, String body) {
        if (!settings.configured()) {
            return false;
        }
        client();
        try (SqsClient priming = builder().endpointOverride(loopback)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("priming", "priming")))
                .build()) {
            return priming.sendMessageBatch(SendMessageBatchRequest.builder().queueUrl(loopback + "/000000000000/priming")
                    .entries(SendMessageBatchRequestEntry.builder().id("0").messageBody(body).build()).build())
                    .failed().isEmpty();
        }
    }

    private SqsClient build() {
        SqsClientBuilder builder = builder();
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            // ElasticMQ checks no credentials; AWS's chain would look for some that a laptop may not have.
            builder.endpointOverride(URI.create(settings.endpoint()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return builder.build();
    }

    private SqsClientBuilder builder() {
        SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.builder().build());
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        return builder;
    }

    @PreDestroy
    void close() {
        batches.close();
        SqsClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
