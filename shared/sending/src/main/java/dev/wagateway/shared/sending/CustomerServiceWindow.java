package dev.wagateway.shared.sending;

import dev.wagateway.shared.contact.Contact;
import dev.wagateway.shared.contact.ContactRepository;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.whatsapp.WhatsAppProblems;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * The one rule of Meta's customer service window, for the API and the automation worker alike: a template may
 * always go; anything else only within 24 hours of the user's last message to the business
 * ({@link Contact#windowOpenUntil()}, read from the contact: one indexed lookup by identity). With
 * {@code sending.window-check} off every message is allowed here and Meta decides.
 */
@Singleton
public class CustomerServiceWindow {

    private final ContactRepository contacts;
    private final SendingConfiguration configuration;
    private final Clock clock;

    public CustomerServiceWindow(ContactRepository contacts, SendingConfiguration configuration, Clock clock) {
        this.contacts = contacts;
        this.configuration = configuration;
        this.clock = clock;
    }

    /** Whether a message of this type may go to this user now. */
    public boolean allows(WhatsAppUser recipient, String type) {
        if (!configuration.windowCheck() || "template".equals(type)) {
            return true;
        }
        return openUntil(recipient).filter(until -> until.isAfter(clock.instant())).isPresent();
    }

    /** Refuses (422 {@code whatsapp-window-closed}) a free-form message outside the window. */
    public void require(OutgoingMessage outgoing) {
        if (allows(outgoing.recipient(), outgoing.type())) {
            return;
        }
        Optional<Instant> until = openUntil(outgoing.recipient());
        throw new ProblemException(WhatsAppProblems.WINDOW_CLOSED, until
                .map(t -> "The customer's 24-hour window closed at " + t + " (24 hours after their last message)")
                .orElse("The customer has never written to this business, so no 24-hour window is open")
                + ": only a template message can reach them now.");
    }

    /** When the user's window closes (or closed); empty when they never wrote. */
    public Optional<Instant> openUntil(WhatsAppUser user) {
        return contacts.lastInboundAt(user.phone(), user.userId(), user.parentUserId())
                .map(last -> last.plus(Contact.CUSTOMER_SERVICE_WINDOW));
    }
}
