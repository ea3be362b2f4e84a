package dev.wagateway.shared.contact;

import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.lock.AdvisoryLocks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/**
 * The one writer of {@code contacts}: the contacts API's creates, updates and deletes (through
 * {@link ContactRepository}) and the counts of messages, each message in one statement that creates the
 * contact on a customer's first message, so concurrent messages to or from one number never lose a
 * count or make two contacts. Every write to a phone holds its {@link AdvisoryLocks#CONTACT_PHONE}.
 */
@Singleton
public class ContactWriter {

    // The phone's lock, taken in the FROM, before the insert: without it, a contacts API PUT that found
    // no contact could meet this insert's row and fail on the unique phone.
    private static final String PHONE_LOCK = "(SELECT " + AdvisoryLocks.CONTACT_PHONE + ") AS locked";
    private static final String LOCK = "SELECT " + AdvisoryLocks.CONTACT_PHONE;

    // A name the business gave the contact wins over the WhatsApp profile name (kept in metadata);
    // a name that only ever was the profile name follows it.
    private static final String INBOUND_MESSAGE = """
            INSERT INTO contacts (id, phone, name, last_message_at, message_count, unread_count, metadata)
            SELECT ?, ?, ?, ?, 1, 1, CASE WHEN CAST(? AS text) IS NULL THEN '{}'::jsonb
                                          ELSE jsonb_build_object('whatsappProfileName', CAST(? AS text)) END
            FROM %s
            ON CONFLICT (phone) WHERE deleted_at IS NULL DO UPDATE SET
                name            = CASE WHEN contacts.name IS NULL
                                            OR contacts.name = contacts.metadata->>'whatsappProfileName'
                                       THEN coalesce(EXCLUDED.name, contacts.name) ELSE contacts.name END,
                last_message_at = greatest(contacts.last_message_at, EXCLUDED.last_message_at),
                message_count   = contacts.message_count + 1,
                unread_count    = contacts.unread_count + 1,
                metadata        = contacts.metadata || EXCLUDED.metadata
            """.formatted(PHONE_LOCK);

    // The recipient's contact, made on the first message sent to them.
    private static final String OUTBOUND_MESSAGE = """
            INSERT INTO contacts (id, phone, last_message_at, message_count)
            SELECT ?, ?, ?, 1 FROM %s
            ON CONFLICT (phone) WHERE deleted_at IS NULL DO UPDATE SET
                last_message_at = greatest(contacts.last_message_at, EXCLUDED.last_message_at),
                message_count   = contacts.message_count + 1
            """.formatted(PHONE_LOCK);

    private final ContactRepository contacts;
    private final TransactionOperations<Connection> transactions;

    public ContactWriter(ContactRepository contacts, TransactionOperations<Connection> transactions) {
        this.contacts = contacts;
        this.transactions = transactions;
    }

    /** Serialises every write to one phone's contact until the caller's transaction ends. */
    public void lockPhone(String phone) {
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(LOCK)) {
            statement.setString(1, phone);
            statement.execute();
        } catch (SQLException e) {
            throw new DataAccessException("Could not lock the contact of a phone: " + e.getMessage(), e);
        }
    }

    /** A new contact; the caller holds its phone's {@link #lockPhone lock}. */
    public Contact create(Contact contact) {
        return contacts.save(contact);
    }

    /** The contact as given (a deleted one given with no deletedAt is restored); the caller holds its phone's lock. */
    public Contact update(Contact contact) {
        return contacts.update(contact);
    }

    /** Soft-deletes the live contact of a phone (its messages stay); false when there is none. The caller holds the lock. */
    public boolean softDelete(String phone) {
        return contacts.softDelete(phone) > 0;
    }

    /**
     * One new message from {@code phone} (E.164): +1 message, +1 unread, last message time moved
     * forward. Call it once per message, in the caller's transaction, only when that transaction
     * stored the message (so a redelivered message is not counted twice).
     */
    public void inboundMessage(String phone, @Nullable String profileName, Instant sentAt) throws SQLException {
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(INBOUND_MESSAGE)) {
            statement.setString(1, Ids.CONTACT.next());
            statement.setString(2, phone);
            statement.setString(3, profileName);
            statement.setTimestamp(4, Timestamp.from(sentAt));
            statement.setString(5, profileName);
            statement.setString(6, profileName);
            statement.setString(7, phone);
            statement.executeUpdate();
        }
    }

    /** One message sent to {@code phone} (E.164): +1 message, last message time moved forward; in the caller's transaction. */
    public void outboundMessage(String phone, Instant sentAt) throws SQLException {
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(OUTBOUND_MESSAGE)) {
            statement.setString(1, Ids.CONTACT.next());
            statement.setString(2, phone);
            statement.setTimestamp(3, Timestamp.from(sentAt));
            statement.setString(4, phone);
            statement.executeUpdate();
        }
    }
}
