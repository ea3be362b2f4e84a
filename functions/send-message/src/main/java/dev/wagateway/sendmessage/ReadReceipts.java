package dev.wagateway.sendmessage;

import dev.wagateway.shared.contact.ContactWriter;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageRepository;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.whatsapp.GraphApiClient;
import dev.wagateway.shared.whatsapp.GraphApiException;
import dev.wagateway.shared.whatsapp.GraphApiUnavailableException;
import dev.wagateway.shared.whatsapp.WhatsAppProblems;
import dev.wagateway.shared.whatsapp.WhatsAppSettings;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

/**
 * Read receipts (and the typing indicator) for inbound messages: Meta is told by the message's wamid, through the
 * business number the message came to (the default one when that number is not configured here). Once Meta took it,
 * the contact's {@code unread_count} drops to the messages that came after this one ({@link ContactWriter#read});
 * Meta's refusals and silences are answered as a send's are, and change nothing.
 */
@Singleton
class ReadReceipts {

    /** Only a message the business received can be marked read (Meta: "You cannot mark outgoing messages as read"). */
    static final ProblemType NOT_INBOUND = new ProblemType("message-not-inbound", HttpStatus.UNPROCESSABLE_ENTITY,
            "Only an inbound message can be marked read");

    private final MessageRepository messages;
    private final GraphApiClient graph;
    private final WhatsAppSettings whatsApp;

    private final ContactWriter contacts;

    ReadReceipts(MessageRepository messages, GraphApiClient graph, WhatsAppSettings whatsApp, ContactWriter contacts) {
        this.messages = messages;
        this.contacts = contacts;
        this.graph = graph;
        this.whatsApp = whatsApp;
    }

    MarkReadResult markRead(String id, boolean typing) {
        Message message = (Ids.MESSAGE.matches(id) ? messages.findById(id) : java.util.Optional.<Message>empty())
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No message " + id + "."));
        if (!Message.INBOUND.equals(message.direction())) {
            throw new ProblemException(NOT_INBOUND, "Message " + id + " was sent by the business; only a message it "
                    + "received can be marked read.");
        }
        if (message.whatsappMessageId() == null) {
            throw new ProblemException(NOT_INBOUND, "Message " + id + " has no WhatsApp id (imported without one), so "
                    + "WhatsApp cannot be told about it.");
        }
        String number = message.phoneNumberId() != null && whatsApp.isConfiguredNumber(message.phoneNumberId())
                ? message.phoneNumberId() : whatsApp.defaultPhoneNumberId();
        try {
            graph.markRead(number, message.whatsappMessageId(), typing);
        } catch (GraphApiException e) {
            throw WhatsAppProblems.of(e);
        } catch (GraphApiUnavailableException e) {
            throw WhatsAppProblems.of(e);
        }
        // Meta took it: the contact's unread count follows (what came after this message stays unread).
        contacts.read(new WhatsAppUser(message.phone(), message.userId(), message.parentUserId()), message.createdAt());
        return new MarkReadResult(message.id(), message.whatsappMessageId(), typing);
    }
}
