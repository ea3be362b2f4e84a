package dev.wagateway.automation;

import java.util.Map;

/** What one step of a flow does beyond moving on: a message to send, a tag, the team's webhook event, a handoff. */
public sealed interface FlowStep {

    /** The node it comes from, which with the inbound message makes the send's idempotency key. */
    String nodeKey();

    /** A text message to the contact. */
    record Send(String nodeKey, String text) implements FlowStep {
    }

    /** Tags the contact (kept in the contact's automation variables as {@code tags}). */
    record Tag(String nodeKey, String tag) implements FlowStep {
    }

    /** An event for the team's webhook subscriptions, with the session's variables. */
    record Webhook(String nodeKey, String name, Map<String, Object> data) implements FlowStep {
    }

    /** Hands the contact to a human: no automation for them until the handoff is released. */
    record Handoff(String nodeKey, String reason) implements FlowStep {
    }
}
