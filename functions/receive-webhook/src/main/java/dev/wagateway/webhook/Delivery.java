package dev.wagateway.webhook;

import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.status.StatusReport;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;

/**
 * One webhook delivery, read into what will be stored. Every item of the body ends in exactly one
 * of these lists, so nothing Meta sent is dropped on the way to the database.
 */
record Delivery(List<InboundMessage> messages,
                List<MessageChange> changes,
                List<Status> statuses,
                List<TemplateStatusUpdate> templateUpdates,
                List<KeptEvent> kept,
                List<Reject> rejects) {

    /** An item that can be recorded as a reject when PostgreSQL refuses it. */
    sealed interface Item permits InboundMessage, MessageChange, Status, TemplateStatusUpdate, KeptEvent {
        Reject rejected(String reason);
    }

    /**
     * A message a customer sent.
     *
     * @param sender       the customer by every identity Meta gave (the phone may be withheld)
     * @param username     the customer's WhatsApp username, when they have one
     * @param metadataJson the message's metadata: the raw item, so no type loses a field
     * @param rawJson      the raw item, for a reject
     */
    record InboundMessage(String whatsappMessageId, WhatsAppUser sender, @Nullable String username,
                          @Nullable String profileName, String type,
                          @Nullable String content, @Nullable String caption, @Nullable String mediaUrl, Instant sentAt,
                          @Nullable String phoneNumberId, String metadataJson, String rawJson) implements Item {
        @Override
        public Reject rejected(String reason) {
            return new Reject("message", reason, rawJson, phoneNumberId);
        }
    }

    /**
     * The customer edited ({@code edit}) or deleted ({@code revoke}) a message they sent earlier.
     *
     * @param whatsappMessageId the change's own wamid
     * @param originalWamid     the message it changes
     * @param content           an edit's new text (null for a revoke)
     * @param rawJson           the raw item, kept with the message's history
     */
    record MessageChange(String kind, String whatsappMessageId, String originalWamid, @Nullable String content,
                         @Nullable String caption, Instant at, @Nullable String phoneNumberId, String rawJson) implements Item {
        @Override
        public Reject rejected(String reason) {
            return new Reject("message", reason, rawJson, phoneNumberId);
        }
    }

    /**
     * @param recipient the customer by the identities the status and its contact name, when they
     *                  name more than one (the contact learns them); null otherwise
     */
    record Status(StatusReport report, @Nullable String phoneNumberId, @Nullable WhatsAppUser recipient,
                  @Nullable String username) implements Item {
        @Override
        public Reject rejected(String reason) {
            return new Reject("status", reason, report.payloadJson(), phoneNumberId);
        }
    }

    /**
     * Meta changed a template: its review status ({@code message_template_status_update}), its quality score
     * ({@code message_template_quality_update}) or its category ({@code template_category_update}).
     *
     * @param change     {@code status}, {@code quality} or {@code category}
     * @param value      the status or category to store ({@code null}: an event that does not change it, such as
     *                   FLAGGED); the new quality score
     * @param eventJson  what is kept on the template: the event's words and its time
     * @param eventTime  epoch seconds of the entry: an older event never overwrites a newer one of its kind
     * @param field      the webhook field it came in
     * @param changeJson the whole change, kept when no template matches
     */
    record TemplateStatusUpdate(String change, @Nullable String value, @Nullable String templateId, @Nullable String name,
                                @Nullable String language, long eventTime, String eventJson, @Nullable String wabaId,
                                String field, String changeJson) implements Item {
        @Override
        public Reject rejected(String reason) {
            return new Reject("template_" + change, reason, changeJson, null);
        }
    }

    /** Something kept as received without acting on it (see {@code webhook_kept_events}). */
    record KeptEvent(String kind, @Nullable String field, @Nullable String wabaId, @Nullable String phoneNumberId,
                     String payloadJson) implements Item {
        @Override
        public Reject rejected(String reason) {
            return new Reject(kind, reason, payloadJson, phoneNumberId);
        }
    }

    /** An item that could not be stored as what it claims to be, and why. */
    record Reject(String kind, String reason, String itemJson, @Nullable String phoneNumberId) {
    }
}
