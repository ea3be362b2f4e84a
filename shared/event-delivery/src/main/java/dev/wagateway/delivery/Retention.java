package dev.wagateway.delivery;

import dev.wagateway.events.OutboxWriter;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

/**
 * Deletes events and delivery logs older than the retention (30 days by default), in batches of
 * short transactions so that no long lock or huge transaction is held. A delivery and its attempts
 * go with their event.
 */
@Singleton
public class Retention {

    private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

    /** What one run deleted. */
    public record Purged(long events, long attempts) {
    }

    private final OutboxWriter outbox;
    private final Deliveries deliveries;
    private final TransactionOperations<Connection> transactions;
    private final DeliverySettings settings;
    private final Clock clock;

    public Retention(OutboxWriter outbox, Deliveries deliveries, TransactionOperations<Connection> transactions,
                     DeliverySettings settings, Clock clock) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.transactions = transactions;
        this.settings = settings;
        this.clock = clock;
    }

    public Purged purge() {
        Instant cutoff = clock.instant().minus(settings.retention());
        long attempts = 0;
        for (int deleted = -1; deleted != 0; ) {
            deleted = deliveries.deleteAttemptsBefore(cutoff, settings.retentionBatch());
            attempts += deleted;
        }
        long events = 0;
        for (int deleted = -1; deleted != 0; ) {
            deleted = transactions.executeWrite(status -> {
                try {
                    return outbox.deleteWrittenBefore(cutoff, settings.retentionBatch());
                } catch (SQLException e) {
                    throw new IllegalStateException("Could not delete old events: " + e.getMessage(), e);
                }
            });
            events += deleted;
        }
        if (events + attempts > 0) {
            LOG.info("Retention: deleted {} event(s) and {} attempt(s) older than {}", events, attempts, cutoff);
        }
        return new Purged(events, attempts);
    }
}
