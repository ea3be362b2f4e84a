package dev.wagateway.shared.sending;

import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;

/**
 * The message row around the Graph API call: written (accepted) before it, so a crash never leaves
 * a send without a row; then sent with its wamid, or failed with Meta's code and message. Each step
 * is one transaction with the event the writer makes of it.
 */
@Singleton
public class SendRecords {

    private final MessageWriter messages;
    private final Clock clock;

    public SendRecords(MessageWriter messages, Clock clock) {
        this.messages = messages;
        this.clock = clock;
    }

    /** The row (with its template's name, for the stats) and its {@code message.created}. */
    @Transactional
    public Message accept(OutgoingMessage outgoing) {
        WhatsAppUser recipient = outgoing.recipient();
        return messages.accept(new Message(Ids.MESSAGE.next(), recipient.phone(), recipient.userId(),
                recipient.parentUserId(), Message.OUTBOUND, outgoing.type(),
                outgoing.content(), outgoing.mediaUrl(), outgoing.caption(), "accepted", null, null, null,
                outgoing.phoneNumberId(), outgoing.metadata(), null, null),
                outgoing.template() == null ? null : outgoing.template().name(), clock.instant());
    }

    /**
     * Meta took it: the wamid, statuses that beat us here, and the contact.
     * Answers the message's status now: {@code sent}, or further along when statuses were waiting.
     */
    @Transactional
    public String sent(Message accepted, String wamid) {
        return messages.markSent(accepted, wamid, clock.instant());
    }

    /** Meta refused it: the row failed and its {@code message.status}. */
    @Transactional
    public void failed(Message accepted, String code, @Nullable String message) {
        messages.markFailed(accepted, code, message, clock.instant());
    }
}
