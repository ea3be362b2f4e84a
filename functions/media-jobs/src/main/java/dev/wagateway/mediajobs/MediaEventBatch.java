package dev.wagateway.mediajobs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.wagateway.events.Event;
import dev.wagateway.events.EventLog;
import dev.wagateway.events.EventMessage;
import dev.wagateway.events.EventType;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One batch of the media consumer's queue ({@code events.consumers.media}, types {@code message.received}):
 * each message names an event; a {@code message.received} whose message has media gets that file fetched.
 * The pipeline delivers at least once: the job is idempotent by the media row (only a pending one is fetched).
 * A message is reported failed (SQS hands it out again, then to the dead-letter queue) only when the job could
 * not record anything, e.g. the database is down; a failed download is the media row's own retry, not SQS's.
 */
@Singleton
public class MediaEventBatch {

    private static final Logger LOG = LoggerFactory.getLogger(MediaEventBatch.class);

    private final EventLog events;
    private final MediaFetcher fetcher;
    private final JsonMapper json;

    public MediaEventBatch(EventLog events, MediaFetcher fetcher, JsonMapper json) {
        this.events = events;
        this.fetcher = fetcher;
        this.json = json;
    }

    public SQSBatchResponse handle(SQSEvent batch) {
        List<SQSBatchResponse.BatchItemFailure> failures = new ArrayList<>();
        List<SQSEvent.SQSMessage> records = batch.getRecords() == null ? List.of() : batch.getRecords();
        for (SQSEvent.SQSMessage record : records) {
            Optional<String> eventId = EventMessage.read(json, record.getBody()).map(EventMessage::eventId);
            if (eventId.isEmpty()) {
                LOG.error("Media queue message {} names no event; it goes to the dead-letter queue after its retries",
                        record.getMessageId());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
                continue;
            }
            try {
                handle(eventId.get());
            } catch (RuntimeException e) {
                LOG.warn("Could not handle event {} (SQS hands it out again): {}", eventId.get(), e.toString());
                failures.add(new SQSBatchResponse.BatchItemFailure(record.getMessageId()));
            }
        }
        return new SQSBatchResponse(failures);
    }

    private void handle(String eventId) {
        Optional<Event> event = events.find(eventId);
        if (event.isEmpty()) {
            // Deleted by retention (30 days), or never committed: nothing to fetch.
            LOG.info("Event {} is not in the outbox; nothing to do", eventId);
            return;
        }
        if (!EventType.MESSAGE_RECEIVED.wireName().equals(event.get().type())) {
            return;
        }
        mediaId(event.get().data()).ifPresent(id -> {
            MediaFetcher.Outcome outcome = fetcher.fetch(id);
            LOG.debug("Event {}: media {} {}", eventId, id, outcome);
        });
    }

    private static Optional<String> mediaId(Map<String, Object> data) {
        if (data.get("message") instanceof Map<?, ?> message && message.get("media") instanceof Map<?, ?> media
                && media.get("id") instanceof String id) {
            return Optional.of(id);
        }
        return Optional.empty();
    }
}
