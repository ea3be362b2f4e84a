package dev.wagateway.delivery;

import dev.wagateway.delivery.Deliveries.Target;
import dev.wagateway.events.EventMessage;
import dev.wagateway.events.EventQueue;
import jakarta.inject.Singleton;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Sends events again on request: one event to every subscription that wants it now, or a
 * subscription's events of a time range (replay). Each delivery starts a fresh retry schedule;
 * delivered and dead ones alike. The work goes through the queue like any delivery.
 */
@Singleton
public class Redelivery {

    /** At most this many events per replay request: a longer range is replayed in several. */
    public static final int MAX_REPLAY = 10_000;

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final EventQueue queue;

    public Redelivery(Deliveries deliveries, Subscriptions subscriptions, EventQueue queue) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.queue = queue;
    }

    /** The event to every active subscription that wants it; empty when the event is not kept. */
    public Optional<Integer> redeliver(String eventId) {
        Optional<Deliveries.Unrouted> event = deliveries.event(eventId);
        if (event.isEmpty()) {
            return Optional.empty();
        }
        List<Target> targets = new ArrayList<>();
        for (Subscription subscription : subscriptions.active()) {
            if (Dispatcher.routes(event.get(), subscription)) {
                targets.add(new Target(eventId, subscription.id()));
            }
        }
        return Optional.of(send(deliveries.reset(targets)));
    }

    /**
     * The subscription's events created in [from, to) (those it wants now), at most {@link #MAX_REPLAY};
     * answers how many were queued and whether the range held more.
     */
    public Replayed replay(Subscription subscription, Instant from, Instant to) {
        List<Deliveries.Unrouted> events = deliveries.eventsBetween(from, to, MAX_REPLAY + 1);
        boolean more = events.size() > MAX_REPLAY;
        List<Target> targets = new ArrayList<>();
        for (Deliveries.Unrouted event : more ? events.subList(0, MAX_REPLAY) : events) {
            if (Dispatcher.routes(event, subscription)) {
                targets.add(new Target(event.eventId(), subscription.id()));
            }
        }
        int queued = 0;
        for (int from2 = 0; from2 < targets.size(); from2 += 500) {
            queued += send(deliveries.reset(targets.subList(from2, Math.min(targets.size(), from2 + 500))));
        }
        return new Replayed(queued, more ? events.get(MAX_REPLAY - 1).eventId() : null);
    }

    /**
     * @param lastEventId when the range held more than {@link #MAX_REPLAY} events: the last one replayed
     */
    public record Replayed(int queued, String lastEventId) {
    }

    private int send(List<Target> reset) {
        // Not sent (SQS down): they are pending and due, and the sweeper sends them.
        queue.send(reset.stream().map(t -> EventMessage.retry(t.eventId(), t.webhookId())).toList());
        return reset.size();
    }
}
