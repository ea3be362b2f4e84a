package dev.wagateway.events;

import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Forwards events to the product's own consumers ({@link EventConsumerSettings}): the step of the fan-out
 * that, beside the subscriptions' deliveries, hands each event to the jobs that act on it. At least once:
 * an event whose forward failed is left for the sweeper, which fans it out again (and may forward it twice
 * to the consumers that did take it: they are idempotent by event id).
 */
@Singleton
public class EventConsumers {

    private final List<EventConsumerSettings> consumers;
    private final EventQueue queue;

    public EventConsumers(List<EventConsumerSettings> consumers, EventQueue queue) {
        this.consumers = List.copyOf(consumers);
        this.queue = queue;
    }

    /** An event to forward: its id and type's wire name. */
    public record Forward(String eventId, String type) {
    }

    /**
     * Sends each event to every consumer that wants its type; answers the ids that some consumer did not
     * take (SQS down or refusing): those must not be marked fanned out.
     */
    public Set<String> forward(List<Forward> events) {
        Set<String> notTaken = new HashSet<>();
        for (EventConsumerSettings consumer : consumers) {
            Map<String, EventMessage> wanted = new LinkedHashMap<>();
            for (Forward event : events) {
                if (consumer.wants(event.type())) {
                    wanted.put(event.eventId(), EventMessage.fanOut(event.eventId()));
                }
            }
            if (!wanted.isEmpty() && !queue.sendTo(consumer.queueUrl(), new ArrayList<>(wanted.values()))) {
                notTaken.addAll(wanted.keySet());
            }
        }
        return notTaken;
    }
}
