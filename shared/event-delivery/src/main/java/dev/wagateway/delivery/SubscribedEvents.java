package dev.wagateway.delivery;

import dev.wagateway.events.EventType;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a subscription's stored {@code events} mean. New subscriptions store event types or {@code *};
 * rows imported from the legacy gateway keep its names as they were, read here: {@code message} is
 * {@code message.received}, {@code status} is {@code message.status}, a few spellings of "all" are
 * {@code *}. A name neither knows is kept in the row, subscribes to nothing, and is reported by the API
 * ({@code unknown_events}).
 */
public final class SubscribedEvents {

    public static final String ALL = "*";

    private SubscribedEvents() {
    }

    /** The types one stored name stands for; empty when it is unknown. */
    static Optional<Set<EventType>> meaning(String stored) {
        String name = stored.strip();
        if (name.equals(ALL)) {
            return Optional.of(Set.of(EventType.values()));
        }
        Optional<EventType> type = EventType.fromWire(name);
        if (type.isPresent()) {
            return Optional.of(Set.of(type.get()));
        }
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "message", "messages", "message.received", "message_received", "incoming" -> Optional.of(Set.of(EventType.MESSAGE_RECEIVED));
            case "status", "statuses", "message.status", "message_status" -> Optional.of(Set.of(EventType.MESSAGE_STATUS));
            case "all", "*" -> Optional.of(Set.of(EventType.values()));
            default -> Optional.empty();
        };
    }

    /** Whether a subscription with these stored names gets events of {@code type} ({@code webhook.test} goes only where asked). */
    public static boolean wants(List<String> stored, EventType type) {
        if (type == EventType.WEBHOOK_TEST) {
            return false;
        }
        for (String name : stored) {
            Optional<Set<EventType>> types = meaning(name);
            if (types.isPresent() && types.get().contains(type)) {
                return true;
            }
        }
        return false;
    }

    /** The event types (or {@code *}) the stored names subscribe to, as the API shows them. */
    public static List<String> types(List<String> stored) {
        Set<String> types = new LinkedHashSet<>();
        for (String name : stored) {
            Optional<Set<EventType>> meaning = meaning(name);
            if (meaning.isPresent()) {
                if (meaning.get().size() == EventType.values().length) {
                    return List.of(ALL);
                }
                meaning.get().forEach(type -> types.add(type.wireName()));
            }
        }
        return new ArrayList<>(types);
    }

    /** Stored names that subscribe to nothing (kept as imported). */
    public static List<String> unknown(List<String> stored) {
        return stored.stream().filter(name -> meaning(name).isEmpty()).toList();
    }
}
