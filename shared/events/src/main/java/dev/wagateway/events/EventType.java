package dev.wagateway.events;

import java.util.Arrays;
import java.util.Optional;

/** What happened; {@link #wireName()} is the {@code type} a client sees and subscribes to. */
public enum EventType {
    /** An inbound message of any type, with its contact. */
    MESSAGE_RECEIVED("message.received"),
    /** Meta reported a status of a message (sent, delivered, read, failed), with the status before it. */
    MESSAGE_STATUS("message.status"),
    /** An outbound message the gateway accepted, written before Meta is called. */
    MESSAGE_CREATED("message.created"),
    CONTACT_CREATED("contact.created"),
    CONTACT_UPDATED("contact.updated"),
    CONTACT_DELETED("contact.deleted"),
    /** A template sync or Meta's template status webhook changed a template. */
    TEMPLATE_UPDATED("template.updated"),
    /** Sent on request to one subscription, to check it receives and verifies deliveries. */
    WEBHOOK_TEST("webhook.test"),
    /** Automation answered an inbound message (a rule's or a flow's reply Meta took). */
    AUTOMATION_REPLIED("automation.replied"),
    /** A flow started a conversation session with a contact. */
    CONVERSATION_STARTED("conversation.started"),
    /** A conversation session ended: its flow ended, it expired, a stop word, the API, a release. */
    CONVERSATION_ENDED("conversation.ended"),
    /** A flow handed the contact to a human: automation waits until the handoff is released. */
    CONVERSATION_HANDOFF("conversation.handoff"),
    /** A flow's webhook action: an event for the team's apps, with the session's variables. */
    AUTOMATION_WEBHOOK("automation.webhook"),
    /** An inbound message's media is in the media bucket (sha256 checked). */
    MEDIA_STORED("media.stored"),
    /** The media job gave up on an inbound message's media (Meta no longer has it, a wrong sha256, retries spent). */
    MEDIA_FAILED("media.failed");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<EventType> fromWire(String name) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(name)).findFirst();
    }

    @Override
    public String toString() {
        return wireName;
    }
}
