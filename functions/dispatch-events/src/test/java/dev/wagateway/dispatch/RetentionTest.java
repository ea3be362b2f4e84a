package dev.wagateway.dispatch;

import dev.wagateway.delivery.Deliveries;
import dev.wagateway.delivery.DeliverySettings;
import dev.wagateway.delivery.Retention;
import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Retention and replay find events by the time in their ids (the outbox has no index on created_at): the events
 * written before a moment, and only those, are deleted or listed as before it, in batches.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RetentionTest {

    private EventsStack stack;
    private ApplicationContext context;

    @BeforeAll
    void start() {
        stack = new EventsStack(getClass().getSimpleName());
        // Batches of 2: five old events take three statements.
        context = stack.context(Map.of("events.delivery.retention-batch", "2"));
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    void eventsWrittenBeforeTheCutoffGoAndLaterOnesStay() throws Exception {
        List<String> old = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            old.add(write("old " + i));
        }
        Thread.sleep(5);
        Instant between = Instant.now();
        Thread.sleep(5);
        List<String> recent = List.of(write("new 1"), write("new 2"));

        Deliveries deliveries = context.getBean(Deliveries.class);
        assertEquals(old, ids(deliveries.eventsBetween(Instant.EPOCH, between, 100)));
        assertEquals(recent, ids(deliveries.eventsBetween(between, Instant.now().plusSeconds(1), 100)));
        assertEquals(old.subList(0, 3), ids(deliveries.eventsBetween(Instant.EPOCH, between, 3)));
        // Times a ULID cannot hold are held to its range, not refused: a replay from 1900 to year 20000 finds them all.
        assertEquals(java.util.stream.Stream.concat(old.stream(), recent.stream()).toList(),
                ids(deliveries.eventsBetween(Instant.parse("1900-01-01T00:00:00Z"), Instant.parse("+20000-01-01T00:00:00Z"), 100)));

        DeliverySettings settings = context.getBean(DeliverySettings.class);
        @SuppressWarnings("unchecked")
        Retention retention = new Retention(context.getBean(OutboxWriter.class), deliveries,
                context.getBean(TransactionOperations.class), settings,
                Clock.fixed(between.plus(settings.retention()), ZoneOffset.UTC));
        assertEquals(5, retention.purge().events());
        assertEquals(recent, ids(deliveries.eventsBetween(Instant.EPOCH, Instant.now().plusSeconds(1), 100)));
        assertEquals(0, retention.purge().events());
    }

    private static List<String> ids(List<Deliveries.Unrouted> events) {
        return events.stream().map(Deliveries.Unrouted::eventId).toList();
    }

    private String write(String text) {
        @SuppressWarnings("unchecked")
        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
        OutboxWriter outbox = context.getBean(OutboxWriter.class);
        return transactions.executeWrite(status -> {
            try {
                return outbox.write(NewEvent.about(EventType.MESSAGE_RECEIVED, "+15550100900",
                        Map.of("message", Map.of("content", text))).withPhoneNumberId("106540359001"));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
