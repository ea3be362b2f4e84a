package dev.wagateway.sendmessage;

import dev.wagateway.shared.auth.ApiKeyFilter;
import dev.wagateway.shared.auth.AuthenticatedKey;
import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.contact.Contact;
import dev.wagateway.shared.contact.ContactRepository;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.BusinessScopedUserIds;
import dev.wagateway.shared.identity.Identity;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.media.Media;
import dev.wagateway.shared.media.MediaRepository;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageRepository;
import dev.wagateway.shared.message.StatusHistoryRepository;
import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemDocs;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

@Controller("/v1/messages")
@ExecuteOn(TaskExecutors.BLOCKING)
class MessagesController {

    private static final Set<String> STATUSES = Set.of("accepted", "received", "sent", "delivered", "read", "failed");
    // A message has a handful of statuses; the bound keeps one answer small whatever Meta sent.
    private static final int MAX_STATUSES = 100;
    private static final Set<String> DIRECTIONS = Set.of(Message.INBOUND, Message.OUTBOUND);

    private static final String TEXT_EXAMPLE = """
            {"to": "+15550102030", "type": "text", "text": {"body": "Your order 1234 is ready for pickup."},
             "metadata": {"order": "1234"}}""";
    private static final String TEMPLATE_EXAMPLE = """
            {"to": "+15550102030", "type": "template", "template": {"name": "order_ready", "language": {"code": "en_US"},
             "components": [{"type": "body", "parameters": [{"type": "text", "text": "1234"}]}]}}""";

    private static final String BUTTONS_EXAMPLE = """
            {"to": "+16505551234", "type": "interactive", "interactive": {"type": "button",
             "header": {"type": "image", "image": {"link": "https://www.luckyshrub.com/assets/succulent-workshop.png"}},
             "body": {"text": "Hi Pablo! Your gardening workshop is scheduled for 9am tomorrow. Use the buttons if you need to reschedule."},
             "footer": {"text": "Lucky Shrub: Your gateway to succulents!"},
             "action": {"buttons": [{"type": "reply", "reply": {"id": "change-button", "title": "Change"}},
                                    {"type": "reply", "reply": {"id": "cancel-button", "title": "Cancel"}}]}}}""";
    private static final String LIST_EXAMPLE = """
            {"to": "+16505551234", "type": "interactive", "interactive": {"type": "list",
             "header": {"type": "text", "text": "Choose Shipping Option"},
             "body": {"text": "Which shipping option do you prefer?"},
             "action": {"button": "Shipping Options", "sections": [
               {"title": "I want it ASAP!", "rows": [{"id": "priority_express", "title": "Priority Mail Express",
                                                     "description": "Next Day to 2 Days"}]},
               {"title": "I can wait", "rows": [{"id": "media_mail", "title": "Media Mail", "description": "2-8 Days"}]}]}}}""";
    private static final String CTA_URL_EXAMPLE = """
            {"to": "+16505551234", "type": "interactive", "interactive": {"type": "cta_url",
             "header": {"type": "text", "text": "New workshop dates announced!"},
             "body": {"text": "Tap the button below to see available dates."},
             "footer": {"text": "Dates subject to change."},
             "action": {"name": "cta_url", "parameters": {"display_text": "See Dates", "url": "https://www.luckyshrub.com/workshops"}}}}""";
    private static final String LOCATION_EXAMPLE = """
            {"to": "+16505551234", "type": "location", "location": {"latitude": 37.44216251868683,
             "longitude": -122.16153582049394, "name": "Philz Coffee", "address": "101 Forest Ave, Palo Alto, CA 94301"}}""";
    private static final String CONTACTS_EXAMPLE = """
            {"to": "+16505551234", "type": "contacts", "contacts": [{"name": {"formatted_name": "Barbara J. Johnson",
             "first_name": "Barbara", "last_name": "Johnson"}, "birthday": "1999-01-23",
             "phones": [{"phone": "+19195551234", "type": "Mobile", "wa_id": "19195551234"}],
             "emails": [{"email": "bjohnson@luckyshrub.com", "type": "WORK"}],
             "org": {"company": "Lucky Shrub", "department": "Legal", "title": "Lead Counsel"}}]}""";
    private static final String TEMPLATE_MEDIA_EXAMPLE = """
            {"to": "+16505551234", "type": "template", "template": {"name": "order_delivery_update",
             "language": {"code": "en_US"}, "components": [
               {"type": "header", "parameters": [{"type": "image", "image": {"link": "https://www.luckyshrub.com/assets/banner.png"}}]},
               {"type": "body", "parameters": [{"type": "text", "text": "Pablo"}, {"type": "text", "text": "566701"}]},
               {"type": "button", "sub_type": "quick_reply", "index": "0", "parameters": [{"type": "payload", "payload": "stop-promotions"}]},
               {"type": "button", "sub_type": "url", "index": "1", "parameters": [{"type": "text", "text": "566701"}]}]}}""";

    private final SendService sends;
    private final MessageRepository messages;
    private final Recipients recipients;
    private final ContactRepository contacts;
    private final JsonMapper json;
    private final MediaRepository media;
    private final StatusHistoryRepository history;

    MessagesController(SendService sends, MessageRepository messages, Recipients recipients, ContactRepository contacts,
                       JsonMapper json, MediaRepository media, StatusHistoryRepository history) {
        this.media = media;
        this.history = history;
        this.sends = sends;
        this.messages = messages;
        this.recipients = recipients;
        this.contacts = contacts;
        this.json = json;
    }

    /**
     * Sends one message; 202 with its id, wamid and status. Scope {@code messages:send}. Everything is
     * validated before WhatsApp is called, interactive (reply buttons, list, call-to-action URL), location, contacts
     * and template payloads against WhatsApp's documented limits (lengths, counts, unique ids): a 400 names each field.
     * A free-form message (anything but a template) to a contact whose 24-hour customer service window is closed
     * (see the contact's {@code window_open_until}) is refused with {@code whatsapp-window-closed} before WhatsApp is
     * called. 422 when WhatsApp cannot take it ({@code whatsapp-window-closed},
     * {@code template-not-found}, {@code template-not-approved}, {@code template-parameter-mismatch},
     * {@code template-parameter-format}, {@code message-undeliverable}, {@code media-not-stored}: a media id of ours that is not stored); 400 also for
     * {@code whatsapp-invalid-parameter}; 409 for {@code idempotency-key-reused} or
     * {@code idempotency-key-in-progress}; 503 for {@code upstream-unavailable} or {@code whatsapp-not-configured}.
     * The body is read as sent, for the Idempotency-Key hash.
     *
     * @param idempotencyKey makes a retry safe: the same key and body answer the first result again (with
     *                       {@code Idempotent-Replayed: true}); 1 to 255 visible ASCII characters, kept 25 hours.
     *                       Only outcomes are kept: once the message row is written, its answer (sent, or WhatsApp's
     *                       refusal). A refusal before that (the window closed, a template or stored media missing) keeps
     *                       nothing, so the same key may try again once the customer writes or the template is approved
     */
    @Post(consumes = MediaType.APPLICATION_JSON)
    @RequiresScope(Scopes.MESSAGES_SEND)
    @ApiResponse(responseCode = "202", description = "Sent to WhatsApp",
            content = @Content(schema = @Schema(implementation = SendResult.class)))
    @ProblemDocs.BadRequest
    @ProblemDocs.Conflict
    @ProblemDocs.Unprocessable
    @ProblemDocs.BadGateway
    @ProblemDocs.ServiceUnavailable
    HttpResponse<String> sendMessage(HttpRequest<?> request,
                              @Body @RequestBody(required = true,
                                      content = @Content(schema = @Schema(implementation = SendMessageRequest.class),
                                              examples = {
                                                      @ExampleObject(name = "text", value = TEXT_EXAMPLE),
                                                      @ExampleObject(name = "template", value = TEMPLATE_EXAMPLE),
                                                      @ExampleObject(name = "template_with_header_media_and_buttons",
                                                              value = TEMPLATE_MEDIA_EXAMPLE),
                                                      @ExampleObject(name = "reply_buttons", value = BUTTONS_EXAMPLE),
                                                      @ExampleObject(name = "list", value = LIST_EXAMPLE),
                                                      @ExampleObject(name = "cta_url", value = CTA_URL_EXAMPLE),
                                                      @ExampleObject(name = "location", value = LOCATION_EXAMPLE),
                                                      @ExampleObject(name = "contacts", value = CONTACTS_EXAMPLE)})) byte[] body,
                              @Header("Idempotency-Key") @Nullable String idempotencyKey) {
        AuthenticatedKey key = request.getAttribute(ApiKeyFilter.AUTHENTICATED_KEY, AuthenticatedKey.class).orElseThrow();
        SendService.Answer answer = sends.send(key.id(), idempotencyKey, body);
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(answer.status()))
                .contentType(answer.status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                .body(answer.body());
        return answer.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }

    /**
     * Messages, newest first; each filter optional. Scope {@code messages:read}. A page holds fewer than
     * {@code limit} messages when they would not fit in one answer (5 MB); {@code next_cursor} goes on from there.
     *
     * @param phone     the other party's phone, in any common spelling: their messages by phone, and by the
     *                  BSUIDs their contact is known by
     * @param userId    the other party's business-scoped user id (or parent one), such as
     *                  {@code US.13491208655302741918}: their messages by BSUID, and by the phone their contact is known by
     * @param status    accepted, received, sent, delivered, read or failed
     * @param direction inbound or outbound
     * @param q         words in the message's text
     * @param wamid     Meta's id of a message ({@code wamid....}): that one message, if the other filters keep it
     * @param cursor    the {@code next_cursor} of the page before
     * @param limit     messages per page
     * @return one page of messages
     */
    @Get
    @RequiresScope(Scopes.MESSAGES_READ)
    @ProblemDocs.BadRequest
    Page<MessageView> listMessages(@QueryValue @Nullable String phone, @QueryValue("user_id") @Nullable String userId,
                           @QueryValue @Nullable @Schema(allowableValues = {"accepted", "received", "sent", "delivered", "read", "failed"})
                           String status,
                           @QueryValue @Nullable @Schema(allowableValues = {"inbound", "outbound"}) String direction,
                           @QueryValue @Nullable String q,
                           @QueryValue @Nullable String wamid, @QueryValue @Nullable String cursor,
                           @QueryValue(defaultValue = "50") @Min(1) @Max(100) int limit) {
        WhatsAppUser party = party(phone, userId);
        String statusFilter = oneOf("status", status, STATUSES);
        String directionFilter = oneOf("direction", direction, DIRECTIONS);
        Optional<Cursor> after = Cursor.decode(cursor);
        if (wamid != null && !wamid.isBlank()) {
            // A wamid names at most one message: one page, no cursor.
            return new Page<>(messages.findByWhatsappMessageId(wamid.strip()).stream()
                    .filter(m -> after.isEmpty() && matches(m, party, statusFilter, directionFilter))
                    .map(m -> MessageView.of(m, mediaOf(List.of(m)).getOrDefault(m.id(), List.of()))).toList(), null);
        }
        List<Message> fetched = messages.list(party == null ? null : party.phone(), party == null ? null : party.userId(),
                party == null ? null : party.parentUserId(), statusFilter, directionFilter, q == null || q.isBlank() ? null : q.strip(),
                after.map(Cursor::instantKey).orElse(null), after.map(Cursor::id).orElse(null), limit + 1);
        Map<String, List<Media>> media = mediaOf(fetched);
        return Page.of(fetched, limit, m -> Cursor.after(m.createdAt(), m.id()))
                .map(m -> MessageView.of(m, media.getOrDefault(m.id(), List.of())))
                .withinAnswerLimit(view -> Page.answerBytes(json, view), view -> Cursor.after(view.createdAt(), view.id()));
    }

    /**
     * One message, with {@code statuses}: every status Meta reported for it, oldest first (at most 100), each
     * with Meta's {@code errors} (code, title, message, details, href) and {@code pricing} (billable, category,
     * pricing_model, type) as delivered. Scope {@code messages:read}.
     *
     * @param id the message's id ({@code msg_...})
     * @return the message
     */
    @Get("/{id}")
    @RequiresScope(Scopes.MESSAGES_READ)
    @ProblemDocs.NotFound
    MessageView getMessage(@PathVariable String id) {
        return Optional.of(id).filter(Ids.MESSAGE::matches).flatMap(messages::findById)
                .map(m -> MessageView.of(m, mediaOf(List.of(m)).getOrDefault(m.id(), List.of()))
                        .withStatuses(history.findByMessageId(m.id(), MAX_STATUSES).stream().map(MessageStatusView::of).toList()))
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No message " + id + "."));
    }

    /** The media of these messages, by message id: one read for a page. */
    private Map<String, List<Media>> mediaOf(List<Message> page) {
        if (page.isEmpty()) {
            return Map.of();
        }
        return media.findByMessageIds(page.stream().map(Message::id).toList()).stream()
                .collect(java.util.stream.Collectors.groupingBy(Media::messageId));
    }

    private static boolean matches(Message message, @Nullable WhatsAppUser party, @Nullable String status,
                                   @Nullable String direction) {
        return (status == null || status.equals(message.status()))
                && (direction == null || direction.equals(message.direction()))
                && (party == null || (party.phone() != null && party.phone().equals(message.phone()))
                        || (party.userId() != null && party.userId().equals(message.userId()))
                        || (party.parentUserId() != null && party.parentUserId().equals(message.parentUserId())));
    }

    /** The user the listing is about, by the identities given and those of their live contact; null for everyone. */
    private @Nullable WhatsAppUser party(@Nullable String phone, @Nullable String userId) {
        WhatsAppUser given = null;
        if (phone != null && !phone.isBlank()) {
            given = WhatsAppUser.ofPhone(recipients.e164("phone", phone));
        }
        if (userId != null && !userId.isBlank()) {
            Identity bsuid = Identity.bsuid(userId.strip()).orElseThrow(() ->
                    ProblemException.invalidField("user_id", "must be " + BusinessScopedUserIds.DESCRIPTION));
            given = WhatsAppUser.of(bsuid).orElse(given);
        }
        if (given == null) {
            return null;
        }
        // One identity at a time: a phone and a BSUID given together may name two contacts (not merged yet).
        WhatsAppUser party = given;
        for (Identity identity : given.identities()) {
            WhatsAppUser one = WhatsAppUser.of(identity);
            Optional<Contact> contact = contacts.findLive(one.phone(), one.userId(), one.parentUserId());
            if (contact.isPresent()) {
                party = party.orElse(contact.get().identity());
            }
        }
        return party;
    }

    private static String oneOf(String field, @Nullable String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value.strip().toLowerCase(Locale.ROOT))) {
            throw ProblemException.invalidField(field, "must be one of " + new TreeSet<>(allowed));
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
