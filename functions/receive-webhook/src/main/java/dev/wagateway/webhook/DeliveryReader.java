package dev.wagateway.webhook;

import dev.wagateway.shared.identity.BusinessScopedUserIds;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.status.StatusReport;
import dev.wagateway.webhook.Delivery.InboundMessage;
import dev.wagateway.webhook.Delivery.KeptEvent;
import dev.wagateway.webhook.Delivery.MessageChange;
import dev.wagateway.webhook.Delivery.Reject;
import dev.wagateway.webhook.Delivery.Status;
import dev.wagateway.webhook.Delivery.TemplateStatusUpdate;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads a delivery's JSON into {@link Delivery}: every entry, every change, every item. An item that
 * is not what it should be becomes a {@link Reject} with its reason; only a body that is not a
 * WhatsApp Business Account delivery at all is refused (400).
 */
@Singleton
class DeliveryReader {

    static final String OBJECT = "whatsapp_business_account";

    private static final Set<String> STORED_TYPES = Set.of("text", "image", "document", "audio", "video", "sticker",
            "location", "contacts", "interactive", "button", "reaction", "order", "system", "unsupported");
    private static final Set<String> MEDIA_TYPES = Set.of("image", "document", "audio", "video", "sticker");
    private static final Set<String> MESSAGES_VALUE_FIELDS = Set.of("messaging_product", "metadata", "contacts",
            "messages", "statuses", "errors");
    private static final Set<String> TEMPLATE_STATUSES = Set.of("APPROVED", "PENDING", "REJECTED", "PAUSED",
            "DISABLED", "IN_APPEAL", "PENDING_DELETION", "DELETED", "LIMIT_EXCEEDED");
    private static final Set<String> TEMPLATE_QUALITIES = Set.of("GREEN", "YELLOW", "RED", "UNKNOWN");
    private static final Set<String> TEMPLATE_CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");
    // As the schema checks them: E.164 phones, wamids of at most 128 characters, lower-case statuses.
    private static final Pattern WA_ID = Pattern.compile("[1-9][0-9]{6,14}");
    private static final Pattern STATUS = Pattern.compile("[a-z_]+");
    private static final Pattern EPOCH_SECONDS = Pattern.compile("[0-9]{1,11}");
    private static final int MAX_WAMID_LENGTH = 128;
    private static final Set<String> CHANGE_TYPES = Set.of("edit", "revoke");
    private static final Duration MAX_AHEAD = Duration.ofDays(1);

    private final Clock clock;

    DeliveryReader(Clock clock) {
        this.clock = clock;
    }

    Delivery read(byte[] body) {
        DeliveryJson document = DeliveryJson.parse(body);
        JsonNode root = document.root();
        if (!OBJECT.equals(text(root.get("object")))) {
            throw new ProblemException(WebhookProblems.UNSUPPORTED_OBJECT, "object must be " + OBJECT);
        }
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            throw new ProblemException(ProblemType.MALFORMED_REQUEST, "entry must be an array");
        }
        Builder delivery = new Builder(document, clock.instant());
        for (JsonNode entry : entries.values()) {
            readEntry(entry, delivery);
        }
        return delivery.build();
    }

    private void readEntry(JsonNode entry, Builder delivery) {
        JsonNode changes = entry.isObject() ? entry.get("changes") : null;
        if (changes == null || !changes.isArray()) {
            delivery.rejects.add(new Reject("entry", "an entry must be an object with a changes array", delivery.write(entry), null));
            return;
        }
        String wabaId = text(entry.get("id"));
        Long time = epochSeconds(entry.get("time"));
        for (JsonNode change : changes.values()) {
            JsonNode value = change.isObject() ? change.get("value") : null;
            if (value == null || !value.isObject()) {
                delivery.rejects.add(new Reject("change", "a change must be an object with a value object", delivery.write(change), null));
                continue;
            }
            String field = text(change.get("field"));
            if ("messages".equals(field)) {
                readMessagesValue(value, wabaId, delivery);
            } else if ("message_template_status_update".equals(field)) {
                readTemplateStatus(change, value, wabaId, time, delivery);
            } else if ("message_template_quality_update".equals(field)) {
                readTemplateChange("quality", "new_quality_score", TEMPLATE_QUALITIES, change, value, wabaId, time, delivery);
            } else if ("template_category_update".equals(field)) {
                readTemplateChange("category", "new_category", TEMPLATE_CATEGORIES, change, value, wabaId, time, delivery);
            } else {
                delivery.kept.add(new KeptEvent("change", field, wabaId, null,
                        delivery.write(object("entryId", wabaId, "entryTime", time, "field", field, "value", value))));
            }
        }
    }

    private void readMessagesValue(JsonNode value, @Nullable String wabaId, Builder delivery) {
        JsonNode metadata = value.get("metadata");
        String phoneNumberId = metadata != null && metadata.isObject() ? text(metadata.get("phone_number_id")) : null;
        Map<String, JsonNode> contacts = contacts(value.get("contacts"), phoneNumberId, delivery);
        forEachItem(value, "messages", "message", phoneNumberId, delivery,
                message -> readMessage(message, contacts, phoneNumberId, delivery));
        forEachItem(value, "statuses", "status", phoneNumberId, delivery,
                status -> delivery.statuses.add(readStatus(status, contacts, phoneNumberId, delivery)));
        Set<JsonNode> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(contacts.values());
        for (JsonNode contact : distinct) {
            if (!delivery.usedContacts.contains(contact)) {
                // A contact no message or status of this change names (a change that carries only contacts): kept.
                delivery.kept.add(new KeptEvent("contact", "messages", wabaId, phoneNumberId,
                        delivery.write(object("entryId", wabaId, "phoneNumberId", phoneNumberId, "contact", contact))));
            }
        }
        JsonNode errors = value.get("errors");
        if (errors != null) {
            for (JsonNode error : errors.isArray() ? errors.values() : List.of(errors)) {
                delivery.kept.add(new KeptEvent("error", "messages", wabaId, phoneNumberId,
                        delivery.write(object("entryId", wabaId, "phoneNumberId", phoneNumberId, "error", error))));
            }
        }
        Map<String, JsonNode> unknown = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> field : value.entries()) {
            if (!MESSAGES_VALUE_FIELDS.contains(field.getKey())) {
                unknown.put(field.getKey(), field.getValue());
            }
        }
        if (!unknown.isEmpty()) {
            delivery.kept.add(new KeptEvent("unrecognised_fields", "messages", wabaId, phoneNumberId,
                    delivery.write(object("entryId", wabaId, "phoneNumberId", phoneNumberId, "fields", JsonNode.createObjectNode(unknown)))));
        }
    }

    /**
     * contacts[] by each identity they carry (wa_id, user_id, parent_user_id): each message and
     * status keeps its user's item, unknown fields and all.
     */
    private Map<String, JsonNode> contacts(@Nullable JsonNode contacts, @Nullable String phoneNumberId, Builder delivery) {
        Map<String, JsonNode> byIdentity = new HashMap<>();
        if (contacts == null) {
            return byIdentity;
        }
        if (!contacts.isArray()) {
            delivery.rejects.add(new Reject("contacts", "contacts must be an array", delivery.write(contacts), phoneNumberId));
            return byIdentity;
        }
        for (JsonNode contact : contacts.values()) {
            if (contact.isObject()) {
                for (String field : List.of("wa_id", "user_id", "parent_user_id")) {
                    String identity = text(contact.get(field));
                    if (identity != null) {
                        byIdentity.putIfAbsent(identity, contact);
                    }
                }
            }
        }
        return byIdentity;
    }

    private static @Nullable JsonNode contactOf(Map<String, JsonNode> contacts, @Nullable String... identities) {
        for (String identity : identities) {
            JsonNode contact = identity == null ? null : contacts.get(identity);
            if (contact != null) {
                return contact;
            }
        }
        return null;
    }

    private void readMessage(JsonNode message, Map<String, JsonNode> contacts, @Nullable String phoneNumberId, Builder delivery) {
        String wamid = wamid(message);
        String from = text(message.get("from"));
        String fromUserId = text(message.get("from_user_id"));
        String fromParentUserId = text(message.get("from_parent_user_id"));
        JsonNode contact = contactOf(contacts, from, fromUserId, fromParentUserId);
        if (contact != null) {
            delivery.usedContacts.add(contact);
        }
        WhatsAppUser sender = user("from", from, "from_user_id", fromUserId, "from_parent_user_id", fromParentUserId,
                contact);
        if (sender == null) {
            throw new Malformed("a message needs from (the sender's WhatsApp number) or from_user_id (their "
                    + "business-scoped user id)");
        }
        Instant sentAt = timestamp(message, delivery.receivedAt);
        String whatsappType = text(message.get("type"));
        if (whatsappType == null) {
            throw new Malformed("type is missing");
        }
        if (CHANGE_TYPES.contains(whatsappType)) {
            delivery.changes.add(readChange(message, whatsappType, wamid, sentAt, phoneNumberId, delivery));
            return;
        }
        // A type this schema does not list is stored as unsupported; the raw item keeps what it was.
        String type = STORED_TYPES.contains(whatsappType) ? whatsappType : "unsupported";
        delivery.messages.add(new InboundMessage(wamid, sender, username(contact),
                contact == null ? null : path(contact, "profile", "name"), type, content(whatsappType, message),
                caption(whatsappType, message), mediaUrl(whatsappType, message), sentAt, phoneNumberId,
                delivery.write(object("whatsapp", message, "contact", contact)), delivery.write(message)));
    }

    /** An edit or a revoke of an earlier message: applied to that message, never a message of its own. */
    private static MessageChange readChange(JsonNode message, String kind, String wamid, Instant at,
                                            @Nullable String phoneNumberId, Builder delivery) {
        JsonNode payload = message.get(kind);
        String original = payload != null && payload.isObject() ? text(payload.get("original_message_id")) : null;
        if (original == null || original.isEmpty() || original.length() > MAX_WAMID_LENGTH) {
            throw new Malformed(kind + ".original_message_id (the wamid of the message it changes) is missing");
        }
        String content = null;
        String caption = null;
        if (kind.equals("edit")) {
            JsonNode edited = payload.get("message");
            String editedType = edited != null && edited.isObject() ? text(edited.get("type")) : null;
            if (editedType == null) {
                throw new Malformed("edit.message.type is missing");
            }
            content = content(editedType, edited);
            caption = caption(editedType, edited);
        }
        return new MessageChange(kind, wamid, original, content, caption, at, phoneNumberId, delivery.write(message));
    }

    /**
     * The user named by an item's own identity fields and, where it has none, by its contact's
     * ({@code wa_id}, {@code user_id}, {@code parent_user_id}); null when neither names one.
     *
     * <p>A phone that is not 7 to 15 digits makes the item malformed. A BSUID of another form than
     * Meta documents is left out when the phone names the user (the raw item keeps it), else the
     * item is malformed: Meta sends BSUIDs in every messages webhook, so refusing a phone's message
     * for a BSUID this code does not expect would refuse them all.
     */
    private static @Nullable WhatsAppUser user(String phoneField, @Nullable String phone, String userIdField,
                                               @Nullable String userId, String parentField, @Nullable String parentUserId,
                                               @Nullable JsonNode contact) {
        if (phone == null && contact != null) {
            phone = text(contact.get("wa_id"));
            phoneField = "contacts[].wa_id";
        }
        if (userId == null && contact != null) {
            userId = text(contact.get("user_id"));
            userIdField = "contacts[].user_id";
        }
        if (parentUserId == null && contact != null) {
            parentUserId = text(contact.get("parent_user_id"));
            parentField = "contacts[].parent_user_id";
        }
        if (phone != null && !WA_ID.matcher(phone).matches()) {
            throw new Malformed(phoneField + " must be the user's WhatsApp number (7 to 15 digits)");
        }
        String e164 = phone == null ? null : "+" + phone;
        if (userId != null && !BusinessScopedUserIds.isUserId(userId)) {
            if (e164 == null) {
                throw new Malformed(userIdField + " must be a business-scoped user id such as US.13491208655302741918");
            }
            userId = null;
        }
        if (parentUserId != null && !BusinessScopedUserIds.isParentUserId(parentUserId)) {
            if (e164 == null && userId == null) {
                throw new Malformed(parentField + " must be a parent business-scoped user id such as US.ENT.11815799212886844830");
            }
            parentUserId = null;
        }
        return e164 == null && userId == null && parentUserId == null ? null : new WhatsAppUser(e164, userId, parentUserId);
    }

    private static @Nullable String username(@Nullable JsonNode contact) {
        String username = contact == null ? null : path(contact, "profile", "username");
        return username == null || username.isBlank() || username.length() > 255 ? null : username;
    }

    private Status readStatus(JsonNode status, Map<String, JsonNode> contacts, @Nullable String phoneNumberId,
                              Builder delivery) {
        String wamid = wamid(status);
        String value = text(status.get("status"));
        if (value == null || !STATUS.matcher(value.toLowerCase(Locale.ROOT)).matches()) {
            throw new Malformed("status must be a word such as sent, delivered, read or failed");
        }
        Instant occurredAt = timestamp(status, delivery.receivedAt);
        JsonNode errors = status.get("errors");
        String recipientId = text(status.get("recipient_id"));
        String recipientUserId = text(status.get("recipient_user_id"));
        String recipientParentUserId = text(status.get("recipient_parent_user_id"));
        JsonNode contact = contactOf(contacts, recipientId, recipientUserId, recipientParentUserId);
        if (contact != null) {
            delivery.usedContacts.add(contact);
        }
        // A status is found by its wamid whoever it names; its identities only teach the contact.
        WhatsAppUser recipient;
        try {
            recipient = user("recipient_id", recipientId, "recipient_user_id", recipientUserId,
                    "recipient_parent_user_id", recipientParentUserId, contact);
        } catch (Malformed e) {
            recipient = null;
        }
        // The event's fields go along parsed: the payload is not read a second time when the event is written.
        StatusReport.EventFields eventFields = new StatusReport.EventFields(
                errors != null && errors.isArray() ? PlainJson.list(errors) : null,
                PlainJson.value(status.get("pricing")), PlainJson.value(status.get("conversation")));
        return new Status(new StatusReport(wamid, value.toLowerCase(Locale.ROOT), occurredAt, recipientId, recipientUserId,
                errors != null && errors.isArray() ? delivery.write(errors) : null, delivery.write(status), eventFields),
                phoneNumberId, recipient, username(contact));
    }

    private void readTemplateStatus(JsonNode change, JsonNode value, @Nullable String wabaId, @Nullable Long time,
                                    Builder delivery) {
        String event = text(value.get("event"));
        String templateId = text(value.get("message_template_id"));
        String name = text(value.get("message_template_name"));
        String language = language(text(value.get("message_template_language")));
        if (event == null || (templateId == null && (name == null || language == null))) {
            delivery.rejects.add(new Reject("template_status",
                    "a template status update needs event and message_template_id or name and language", delivery.write(change), null));
            return;
        }
        String upper = event.toUpperCase(Locale.ROOT);
        // REINSTATED: approved again after a pause. Others (FLAGGED, ...) leave the status as it is.
        String status = "REINSTATED".equals(upper) ? "APPROVED" : TEMPLATE_STATUSES.contains(upper) ? upper : null;
        long eventTime = time != null ? time : Instant.now().getEpochSecond();
        String eventJson = delivery.write(object("event", event, "reason", value.get("reason"), "time", eventTime));
        delivery.templateUpdates.add(new TemplateStatusUpdate("status", status, templateId, name, language, eventTime, eventJson,
                wabaId, "message_template_status_update",
                delivery.write(object("entryId", wabaId, "entryTime", time, "field", text(change.get("field")), "value", value))));
    }

    /**
     * A quality score or category Meta gave a template. A value Meta's documents list is stored; another is
     * kept on the template's event (Meta's words, unchanged) and changes nothing else.
     */
    private void readTemplateChange(String kind, String valueField, Set<String> known, JsonNode change, JsonNode value,
                                    @Nullable String wabaId, @Nullable Long time, Builder delivery) {
        String templateId = text(value.get("message_template_id"));
        String name = text(value.get("message_template_name"));
        String language = language(text(value.get("message_template_language")));
        String newValue = text(value.get(valueField));
        if (newValue == null || (templateId == null && (name == null || language == null))) {
            delivery.rejects.add(new Reject("template_" + kind, "a template " + kind + " update needs " + valueField
                    + " and message_template_id or name and language", delivery.write(change), null));
            return;
        }
        String upper = newValue.toUpperCase(Locale.ROOT);
        long eventTime = time != null ? time : Instant.now().getEpochSecond();
        Map<String, JsonNode> event = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> entry : value.entries()) {
            if (!entry.getKey().startsWith("message_template_")) {
                event.put(entry.getKey(), entry.getValue());
            }
        }
        event.put("time", JsonNode.createNumberNode(eventTime));
        delivery.templateUpdates.add(new TemplateStatusUpdate(kind, known.contains(upper) ? upper : null, templateId, name,
                language, eventTime, delivery.write(JsonNode.createObjectNode(event)), wabaId, text(change.get("field")),
                delivery.write(object("entryId", wabaId, "entryTime", time, "field", text(change.get("field")), "value", value))));
    }

    /** Meta writes a template's language {@code en_US} in some webhooks and {@code en-US} in others. */
    private static @Nullable String language(@Nullable String code) {
        return code == null ? null : code.replace('-', '_');
    }

    private void forEachItem(JsonNode value, String field, String kind, @Nullable String phoneNumberId, Builder delivery,
                             Consumer<JsonNode> reader) {
        JsonNode items = value.get(field);
        if (items == null) {
            return;
        }
        if (!items.isArray()) {
            delivery.rejects.add(new Reject(kind, field + " must be an array", delivery.write(items), phoneNumberId));
            return;
        }
        for (JsonNode item : items.values()) {
            try {
                if (!item.isObject()) {
                    throw new Malformed("a " + kind + " must be an object");
                }
                reader.accept(item);
            } catch (Malformed e) {
                delivery.rejects.add(new Reject(kind, e.getMessage(), delivery.write(item), phoneNumberId));
            }
        }
    }

    private static String wamid(JsonNode item) {
        String id = text(item.get("id"));
        if (id == null || id.isEmpty()) {
            throw new Malformed("id (the wamid) is missing");
        }
        if (id.length() > MAX_WAMID_LENGTH) {
            throw new Malformed("id (the wamid) is longer than " + MAX_WAMID_LENGTH + " characters");
        }
        return id;
    }

    /**
     * Meta's time of the item; one more than a day ahead of the receive time cannot be true (and would pin
     * the contact's last-message time for years): the receive time stands in, the raw copy keeps Meta's.
     */
    private static Instant timestamp(JsonNode item, Instant receivedAt) {
        Long seconds = epochSeconds(item.get("timestamp"));
        if (seconds == null) {
            throw new Malformed("timestamp must be epoch seconds");
        }
        Instant time = Instant.ofEpochSecond(seconds);
        return time.isAfter(receivedAt.plus(MAX_AHEAD)) ? receivedAt : time;
    }

    private static @Nullable Long epochSeconds(@Nullable JsonNode node) {
        String value = node == null ? null : node.isString() ? node.getStringValue() : node.isNumber() ? node.coerceStringValue() : null;
        return value != null && EPOCH_SECONDS.matcher(value).matches() ? Long.parseLong(value) : null;
    }

    private static @Nullable String content(String type, JsonNode message) {
        return switch (type) {
            case "text" -> path(message, "text", "body");
            case "document" -> path(message, "document", "filename");
            case "location" -> location(message.get("location"));
            case "contacts" -> sharedContacts(message.get("contacts"));
            case "interactive" -> firstOf(path(message, "interactive", "button_reply", "title"),
                    path(message, "interactive", "list_reply", "title"), path(message, "interactive", "nfm_reply", "body"));
            case "button" -> path(message, "button", "text");
            case "reaction" -> path(message, "reaction", "emoji");
            case "order" -> path(message, "order", "text");
            case "system" -> path(message, "system", "body");
            default -> null;
        };
    }

    private static @Nullable String caption(String type, JsonNode message) {
        return MEDIA_TYPES.contains(type) ? path(message, type, "caption") : null;
    }

    /** Where Meta serves the media, when the media object names it. */
    private static @Nullable String mediaUrl(String type, JsonNode message) {
        return MEDIA_TYPES.contains(type) ? path(message, type, "url") : null;
    }

    private static @Nullable String location(@Nullable JsonNode location) {
        if (location == null || !location.isObject()) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (String key : List.of("name", "address")) {
            String part = text(location.get(key));
            if (part != null && !part.isBlank()) {
                parts.add(part);
            }
        }
        if (parts.isEmpty() && location.get("latitude") != null && location.get("longitude") != null) {
            parts.add(location.get("latitude").coerceStringValue() + "," + location.get("longitude").coerceStringValue());
        }
        return parts.isEmpty() ? null : String.join(", ", parts);
    }

    private static @Nullable String sharedContacts(@Nullable JsonNode contacts) {
        if (contacts == null || !contacts.isArray()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (JsonNode contact : contacts.values()) {
            String name = contact.isObject() ? path(contact, "name", "formatted_name") : null;
            if (name != null) {
                names.add(name);
            }
        }
        return names.isEmpty() ? null : String.join(", ", names);
    }

    private static @Nullable String path(JsonNode node, String... keys) {
        JsonNode current = node;
        for (String key : keys) {
            if (current == null || !current.isObject()) {
                return null;
            }
            current = current.get(key);
        }
        return text(current);
    }

    private static @Nullable String firstOf(@Nullable String... values) {
        for (String value : values) {
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    /** A string, or a number as Meta sometimes sends ids; null for anything else. */
    private static @Nullable String text(@Nullable JsonNode node) {
        if (node == null) {
            return null;
        }
        return node.isString() ? node.getStringValue() : node.isNumber() ? node.coerceStringValue() : null;
    }

    /** An object of the given key/value pairs, leaving out null values. */
    private static JsonNode object(Object... pairs) {
        Map<String, JsonNode> fields = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            Object value = pairs[i + 1];
            if (value instanceof JsonNode node) {
                fields.put((String) pairs[i], node);
            } else if (value instanceof String string) {
                fields.put((String) pairs[i], JsonNode.createStringNode(string));
            } else if (value instanceof Long number) {
                fields.put((String) pairs[i], JsonNode.createNumberNode(number));
            }
        }
        return JsonNode.createObjectNode(fields);
    }


    /** Why one item cannot be stored; the rest of the delivery goes on. */
    private static final class Malformed extends RuntimeException {
        Malformed(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Builder {
        final DeliveryJson document;
        final Instant receivedAt;
        final List<InboundMessage> messages = new ArrayList<>();
        final List<MessageChange> changes = new ArrayList<>();
        /** The contacts[] items a message or status named: the others are kept on their own. */
        final Set<JsonNode> usedContacts = Collections.newSetFromMap(new IdentityHashMap<>());
        final List<Status> statuses = new ArrayList<>();
        final List<TemplateStatusUpdate> templateUpdates = new ArrayList<>();
        final List<KeptEvent> kept = new ArrayList<>();
        final List<Reject> rejects = new ArrayList<>();

        Builder(DeliveryJson document, Instant receivedAt) {
            this.document = document;
            this.receivedAt = receivedAt;
        }

        String write(JsonNode node) {
            return document.write(node);
        }

        Delivery build() {
            return new Delivery(List.copyOf(messages), List.copyOf(changes), List.copyOf(statuses), List.copyOf(templateUpdates),
                    List.copyOf(kept), List.copyOf(rejects));
        }
    }
}
