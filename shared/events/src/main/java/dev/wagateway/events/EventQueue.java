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
import software.amazon.awssdk.services.sqs.model.SendMessageBatchResponse;
import software.amazon.awssdk.services.sqs.model.SendMessageRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
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
    /** SQS's largest batch and longest delay. */
    static final int BATCH = 10;
    public static final Duration MAX_DELAY = Duration.ofMinutes(15);

    private final EventQueueSettings settings;
    private final JsonMapper json;
    private volatile SqsClient client;

    public EventQueue(EventQueueSettings settings, JsonMapper json) {
        this.settings = settings;
        this.json = json;
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
        return sendTo(settings.url(), messages);
    }

    /**
     * {@link #send(List)} to another queue of the same SQS (an internal consumer's: {@link EventConsumers});
     * true when SQS took them all. Never throws.
     */
    public boolean sendTo(String queueUrl, List<EventMessage> messages) {
        if (messages.isEmpty()) {
            return true;
        }
        boolean all = true;
        try {
            for (int from = 0; from < messages.size(); from += BATCH) {
                List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                List<EventMessage> slice = messages.subList(from, Math.min(from + BATCH, messages.size()));
                for (int i = 0; i < slice.size(); i++) {
                    entries.add(SendMessageBatchRequestEntry.builder().id(String.valueOf(i)).messageBody(body(slice.get(i))).build());
                }
                SendMessageBatchResponse response = client().sendMessageBatch(
                        SendMessageBatchRequest.builder().queueUrl(queueUrl).entries(entries).build());
                if (!response.failed().isEmpty()) {
                    all = false;
                    LOG.warn("SQS refused {} of {} event message(s) ({}); the sweeper sends them again",
                            response.failed().size(), slice.size(), response.failed().getFirst().code());
                }
            }
        } catch (RuntimeException e) {
            LOG.warn("Could not send {} event message(s) to SQS; the sweeper sends them again: {}", messages.size(), e.toString());
            return false;
        }
        return all;
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

    private SqsClient build() {
        SqsClientBuilder builder = SqsClient.builder().httpClient(UrlConnectionHttpClient.builder().build());
        if (settings.region() != null && !settings.region().isBlank()) {
            builder.region(Region.of(settings.region()));
        }
        if (settings.endpoint() != null && !settings.endpoint().isBlank()) {
            // ElasticMQ checks no credentials; AWS's chain would look for some that a laptop may not have.
            builder.endpointOverride(URI.create(settings.endpoint()))
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        }
        return builder.build();
    }

    @PreDestroy
    void close() {
        SqsClient current = client;
        if (current != null) {
            current.close();
        }
    }
}
