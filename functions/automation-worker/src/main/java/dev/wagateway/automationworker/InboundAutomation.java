package dev.wagateway.automationworker;

import dev.wagateway.events.Event;
import dev.wagateway.events.EventLog;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * One {@code message.received} event: the decision (once per inbound message, in one transaction with the
 * replies it makes), then the replies still pending sent in order. A redelivered event decides nothing
 * again and only sends what is still pending, so an inbound message is never answered twice.
 */
@Singleton
class InboundAutomation {

    private static final Logger LOG = LoggerFactory.getLogger(InboundAutomation.class);

    private final EventLog events;
    private final AutomationDecisions decisions;
    private final ReplySending replies;

    InboundAutomation(EventLog events, AutomationDecisions decisions, ReplySending replies) {
        this.events = events;
        this.decisions = decisions;
        this.replies = replies;
    }

    void handle(String eventId) {
        Optional<Event> event = events.find(eventId);
        if (event.isEmpty()) {
            // Retention deleted it, or it never committed: nothing to answer.
            LOG.warn("Event {} is not in the outbox; automation skips it", eventId);
            return;
        }
        InboundMessage inbound = InboundMessage.of(event.get());
        if (inbound == null) {
            LOG.debug("Event {} ({}) is no inbound message; automation skips it", eventId, event.get().type());
            return;
        }
        if (inbound.phone() == null) {
            LOG.info("Message {} comes from a user known only by a business-scoped id; automation answers phones only", inbound.id());
            return;
        }
        if (!inbound.answerable()) {
            return;
        }
        decisions.decide(inbound);
        replies.sendPending(inbound);
    }
}
