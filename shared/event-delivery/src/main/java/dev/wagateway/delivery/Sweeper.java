package dev.wagateway.delivery;

import dev.wagateway.events.EventMessage;
import dev.wagateway.events.EventQueue;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends to the queue again what no worker picked up in time: events not fanned out within
 * {@code sweep-after} of their commit (the send after commit failed, or the writer died between
 * commit and send) and pending deliveries overdue by as much (a retry due later than SQS can delay,
 * a worker that died holding a lease). Run every minute; the copies it makes are harmless.
 */
@Singleton
public class Sweeper {

    private static final Logger LOG = LoggerFactory.getLogger(Sweeper.class);

    /** What one sweep sent again. */
    public record Swept(int events, int deliveries) {
    }

    private final Deliveries deliveries;
    private final EventQueue queue;
    private final DeliverySettings settings;
    private final Clock clock;

    public Sweeper(Deliveries deliveries, EventQueue queue, DeliverySettings settings, Clock clock) {
        this.deliveries = deliveries;
        this.queue = queue;
        this.settings = settings;
        this.clock = clock;
    }

    public Swept sweep() {
        Instant before = clock.instant().minus(settings.sweepAfter());
        List<String> events = deliveries.notFannedOut(before, settings.sweepBatch());
        List<Deliveries.Target> overdue = deliveries.overdue(before, settings.sweepBatch());
        List<EventMessage> messages = new ArrayList<>(events.size() + overdue.size());
        events.forEach(id -> messages.add(EventMessage.fanOut(id)));
        overdue.forEach(target -> messages.add(EventMessage.retry(target.eventId(), target.webhookId())));
        if (!messages.isEmpty()) {
            if (!queue.send(messages)) {
                throw new IllegalStateException("The event queue did not take what the sweep sent; the next sweep tries again");
            }
            LOG.info("Sent again {} event(s) and {} overdue deliver(ies) no worker picked up", events.size(), overdue.size());
        }
        return new Swept(events.size(), overdue.size());
    }
}
