package dev.wagateway.webhooks;

import dev.wagateway.delivery.AddressGuard;
import dev.wagateway.delivery.SubscribedEvents;
import dev.wagateway.events.EventType;
import dev.wagateway.shared.problem.ProblemException;
import jakarta.inject.Singleton;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;

/** What a subscription may hold, checked before it is saved. */
@Singleton
class SubscriptionRules {

    private final AddressGuard guard;

    SubscriptionRules(AddressGuard guard) {
        this.guard = guard;
    }

    /** The URL, or 400 when it may not be a subscription's (scheme, form, an address inside the network). */
    String url(String url) {
        String trimmed = url.strip();
        try {
            guard.check(trimmed);
        } catch (AddressGuard.Refused e) {
            throw ProblemException.invalidField("url", e.getMessage());
        }
        return trimmed;
    }

    /** Event types or {@code *}, each once; {@code webhook.test} is sent only on request, so it is not one to subscribe to. */
    static List<String> events(List<String> events) {
        LinkedHashSet<String> types = new LinkedHashSet<>();
        for (String name : events) {
            String type = name.strip();
            boolean known = type.equals(SubscribedEvents.ALL)
                    || EventType.fromWire(type).filter(t -> t != EventType.WEBHOOK_TEST).isPresent();
            if (!known) {
                TreeSet<String> allowed = new TreeSet<>();
                for (EventType t : EventType.values()) {
                    if (t != EventType.WEBHOOK_TEST) {
                        allowed.add(t.wireName());
                    }
                }
                throw ProblemException.invalidField("events", "'" + type + "' is not an event type; use " + allowed + " or *");
            }
            types.add(type);
        }
        return types.contains(SubscribedEvents.ALL) ? List.of(SubscribedEvents.ALL) : List.copyOf(types);
    }
}
