package dev.wagateway.sendmessage;

import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.Identity;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.json.MetadataSize;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageRepository;
import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.sending.MessageLimits;
import dev.wagateway.shared.sending.OutgoingMessage;
import dev.wagateway.shared.sending.TemplateUse;
import dev.wagateway.shared.whatsapp.WhatsAppSettings;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Checks what field annotations cannot (the payload that matches {@code type}, media by id or link,
 * captions only where Meta allows them, the sender number) and builds Meta's request body; a reaction or
 * reply may name the message by our id ({@code msg_...}), which becomes its wamid for Meta.
 */
@Singleton
class OutgoingMessages {

    private static final Set<String> MEDIA = Set.of("image", "document", "audio", "video", "sticker");
    private static final Set<String> CAPTIONED = Set.of("image", "document", "video");

    private final Recipients recipients;
    private final WhatsAppSettings whatsApp;
    private final JsonMapper json;
    private final MessageRepository messages;

    OutgoingMessages(Recipients recipients, WhatsAppSettings whatsApp, JsonMapper json, MessageRepository messages) {
        this.recipients = recipients;
        this.whatsApp = whatsApp;
        this.json = json;
        this.messages = messages;
    }

    OutgoingMessage from(SendMessageRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        WhatsAppUser recipient = null;
        try {
            recipient = WhatsAppUser.of(recipients.identity("to", request.to()));
        } catch (ProblemException e) {
            errors.addAll(e.errors());
        }
        Map<String, Object> payloads = new LinkedHashMap<>();
        payloads.put("text", request.text());
        payloads.put("template", request.template());
        payloads.put("image", request.image());
        payloads.put("document", request.document());
        payloads.put("audio", request.audio());
        payloads.put("video", request.video());
        payloads.put("sticker", request.sticker());
        payloads.put("reaction", request.reaction());
        payloads.put("interactive", request.interactive());
        payloads.put("location", request.location());
        payloads.put("contacts", request.contacts());
        String type = request.type();
        payloads.forEach((name, payload) -> {
            if (name.equals(type) && payload == null) {
                errors.add(new Problem.FieldError(name, "is required when type is " + type));
            } else if (!name.equals(type) && payload != null) {
                errors.add(new Problem.FieldError(name, "must be absent when type is " + type));
            }
        });
        Object payload = payloads.get(type);
        if (payload instanceof SendMessageRequest.Media media) {
            checkMedia(type, media, errors);
        }
        if (payload != null) {
            // Meta's limits on the payload (lengths, counts, unique ids), before anything is written or sent.
            Object limited = payload instanceof SendMessageRequest.TemplatePayload template
                    ? (template.components() == null ? Map.of() : Map.of("components", template.components())) : payload;
            errors.addAll(MessageLimits.check(type, limited));
        }
        try {
            MetadataSize.check(json, request.metadata());
        } catch (ProblemException e) {
            errors.addAll(e.errors());
        }
        String reactedTo = request.reaction() == null ? null : wamid("reaction.message_id", request.reaction().messageId(), errors);
        String repliedTo = request.context() == null ? null : wamid("context.message_id", request.context().messageId(), errors);
        String sender = request.phoneNumberId();
        if (sender != null && !whatsApp.isConfiguredNumber(sender)) {
            errors.add(new Problem.FieldError("phone_number_id", "is not a business number this gateway sends from"));
        }
        if (!errors.isEmpty()) {
            errors.sort((a, b) -> a.field().compareTo(b.field()));
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors, Map.of());
        }
        return build(request, recipient, sender != null ? sender : whatsApp.defaultPhoneNumberId(), payload, reactedTo, repliedTo);
    }

    /**
     * The wamid Meta knows a message by: a wamid as given, or the one of our message {@code msg_...}
     * (which Meta has never seen); null, with the field's error added, when that message has none.
     */
    private String wamid(String field, String messageId, List<Problem.FieldError> errors) {
        if (!Ids.MESSAGE.matches(messageId)) {
            return messageId;
        }
        Optional<Message> message = messages.findById(messageId);
        if (message.isEmpty()) {
            errors.add(new Problem.FieldError(field, "names no message here (" + messageId + ")"));
            return null;
        }
        if (message.get().whatsappMessageId() == null) {
            errors.add(new Problem.FieldError(field, "names a message WhatsApp has no id for (status "
                    + message.get().status() + ")"));
            return null;
        }
        return message.get().whatsappMessageId();
    }

    private static void checkMedia(String type, SendMessageRequest.Media media, List<Problem.FieldError> errors) {
        if ((media.id() == null) == (media.link() == null)) {
            errors.add(new Problem.FieldError(type, "needs either id or link (not both)"));
        }
        if (media.link() != null && !isHttps(media.link())) {
            errors.add(new Problem.FieldError(type + ".link", "must be an https URL"));
        }
        if (media.caption() != null && !CAPTIONED.contains(type)) {
            errors.add(new Problem.FieldError(type + ".caption", "is not allowed for " + type));
        }
        if (media.filename() != null && !type.equals("document")) {
            errors.add(new Problem.FieldError(type + ".filename", "is only allowed for document"));
        }
    }

    private static boolean isHttps(String link) {
        try {
            URI uri = new URI(link);
            return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static OutgoingMessage build(SendMessageRequest request, WhatsAppUser recipient, String phoneNumberId,
                                         Object payload, String reactedTo, String repliedTo) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("messaging_product", "whatsapp");
        body.put("recipient_type", "individual");
        // Meta's "Business-scoped user IDs": a phone goes in `to`, a BSUID or parent BSUID in `recipient`.
        Identity address = recipient.address();
        body.put(address.kind() == Identity.Kind.PHONE ? "to" : "recipient", address.value());
        body.put("type", request.type());
        String content = null;
        String mediaUrl = null;
        String caption = null;
        Map<String, Object> typed = new LinkedHashMap<>();
        // Interactive, location and contacts go to Meta exactly as the caller wrote them (checked against Meta's limits).
        Object metaPayload = typed;
        switch (payload) {
            case SendMessageRequest.Text text -> {
                typed.put("body", text.body());
                if (text.previewUrl() != null) {
                    typed.put("preview_url", text.previewUrl());
                }
                content = text.body();
            }
            case SendMessageRequest.TemplatePayload template -> {
                typed.put("name", template.name());
                Map<String, Object> language = new LinkedHashMap<>();
                language.put("code", template.language().code());
                if (template.language().policy() != null) {
                    language.put("policy", template.language().policy());
                }
                typed.put("language", language);
                if (template.components() != null) {
                    typed.put("components", template.components());
                }
                content = template.name();
                mediaUrl = SentContent.templateHeaderMedia(template.components());
            }
            case SendMessageRequest.Media media -> {
                putIfPresent(typed, "id", media.id());
                putIfPresent(typed, "link", media.link());
                putIfPresent(typed, "caption", media.caption());
                putIfPresent(typed, "filename", media.filename());
                mediaUrl = media.link() != null ? media.link() : media.id();
                caption = media.caption();
            }
            case SendMessageRequest.Reaction reaction -> {
                typed.put("message_id", reactedTo);
                typed.put("emoji", reaction.emoji());
                content = reaction.emoji();
            }
            case Map<?, ?> asWritten when request.type().equals("interactive") -> {
                content = SentContent.interactive(asWritten);
                mediaUrl = SentContent.interactiveHeaderMedia(asWritten);
                metaPayload = asWritten;
            }
            case Map<?, ?> asWritten when request.type().equals("location") -> {
                content = SentContent.location(asWritten);
                metaPayload = asWritten;
            }
            case List<?> cards -> {
                content = SentContent.contacts(cards);
                metaPayload = cards;
            }
            default -> throw new IllegalStateException("no payload for " + request.type());
        }
        body.put(request.type(), metaPayload);
        if (request.context() != null) {
            body.put("context", Map.of("message_id", repliedTo));
        }
        Map<String, Object> metadata = request.metadata() == null ? Map.of() : request.metadata();
        SendMessageRequest.TemplatePayload template = request.template();
        return new OutgoingMessage(recipient, request.type(), phoneNumberId, body, content, mediaUrl, caption, metadata,
                template == null ? null : new TemplateUse(template.name(), template.language().code(), template.components()));
    }

    private static void putIfPresent(Map<String, Object> map, String key, Object value) {
        if (value != null) {
            map.put(key, value);
        }
    }
}
