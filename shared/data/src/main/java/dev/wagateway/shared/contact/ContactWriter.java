package dev.wagateway.shared.contact;

import dev.wagateway.events.EventData;
import dev.wagateway.events.EventType;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.WhatsAppUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The one writer of {@code contacts}: the contacts API's creates, updates and deletes (through
 * {@link ContactRepository}) and the count of each message, which creates the contact on a customer's
 * first message. The contact is found by any identity the message carries ({@link ContactIdentities},
 * this writer's helper, which also joins and merges), under the identities' transaction locks:
 * concurrent messages of one user never lose a count or make two contacts.
 *
 * <p>The API's changes write their {@code contact.*} event in the same transaction; a customer's first
 * message makes no event of its own (its {@code message.received} says the contact was created).
 */
@Singleton
public class ContactWriter {

    // A name the business gave the contact wins over the WhatsApp profile name (kept in metadata);
    // a name that only ever was the profile name follows it.
    private static final String COUNT_INBOUND = """
            UPDATE contacts SET
                name            = CASE WHEN name IS NULL OR name = metadata->>'whatsappProfileName'
                                       THEN coalesce(CAST(? AS text), name) ELSE name END,
                last_message_at = greatest(last_message_at, ?),
                last_inbound_at = greatest(last_inbound_at, ?),
                message_count   = message_count + 1,
                unread_count    = unread_count + 1,
                metadata        = CASE WHEN CAST(? AS text) IS NULL THEN metadata
                                       ELSE metadata || jsonb_build_object('whatsappProfileName', CAST(? AS text)) END
            WHERE id = ?""";

    private static final String CREATE_INBOUND = """
            INSERT INTO contacts (id, phone, user_id, parent_user_id, username, name, last_message_at, last_inbound_at,
                                  message_count, unread_count, metadata)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 1, CASE WHEN CAST(? AS text) IS NULL THEN '{}'::jsonb
                                                  ELSE jsonb_build_object('whatsappProfileName', CAST(? AS text)) END)""";

    private static final String COUNT_OUTBOUND = """
            UPDATE contacts SET last_message_at = greatest(last_message_at, ?), message_count = message_count + 1
            WHERE id = ?""";

    // The recipient's contact, made on the first message sent to them.
    private static final String CREATE_OUTBOUND = """
            INSERT INTO contacts (id, phone, user_id, parent_user_id, last_message_at, message_count)
            VALUES (?, ?, ?, ?, ?, 1)""";

    // Meta marks the message read and every earlier one with it: what stays unread is what the user sent after it.
    private static final String READ = """
            UPDATE contacts AS c SET unread_count = least(c.unread_count, (
                SELECT count(*) FROM messages AS m
                WHERE m.direction = 'inbound' AND m.created_at > ?
                  AND ((c.phone IS NOT NULL AND m.phone = c.phone) OR (c.user_id IS NOT NULL AND m.user_id = c.user_id))))
            WHERE c.id = ? AND c.unread_count > 0""";

    private final ContactRepository contacts;
    private final TransactionOperations<Connection> transactions;
    private final ContactIdentities identities;
    private final OutboxWriter outbox;

    public ContactWriter(ContactRepository contacts, TransactionOperations<Connection> transactions,
                         ContactIdentities identities, OutboxWriter outbox) {
        this.contacts = contacts;
        this.transactions = transactions;
        this.identities = identities;
        this.outbox = outbox;
    }

    /** Serialises every write to these users' contacts until the caller's transaction ends. */
    public void lock(Collection<WhatsAppUser> users) {
        try {
            identities.lock(users);
        } catch (SQLException e) {
            throw new DataAccessException("Could not lock the contacts of " + users.size() + " identities: " + e.getMessage(), e);
        }
    }

    /** A new contact, and its {@code contact.created}; the caller holds its identities' {@link #lock}. */
    public Contact create(Contact contact) {
        return emit(EventType.CONTACT_CREATED, contacts.save(contact));
    }

    /** A deleted contact back (given with no deletedAt), announced as {@code contact.created}; the caller holds the lock. */
    public Contact restore(Contact contact) {
        return emit(EventType.CONTACT_CREATED, contacts.update(contact));
    }

    /** The live contact as given, and its {@code contact.updated}; the caller holds the lock. */
    public Contact update(Contact contact) {
        return emit(EventType.CONTACT_UPDATED, contacts.update(contact));
    }

    /**
     * Soft-deletes a live contact (its messages stay), and its {@code contact.deleted}; false when it
     * was not live. The caller holds the lock.
     */
    public boolean softDelete(Contact live) {
        if (contacts.softDelete(live.id()) == 0) {
            return false;
        }
        emit(EventType.CONTACT_DELETED, live);
        return true;
    }

    /**
     * Adds a tag to the live contact of {@code phone} ({@code metadata.tags}, sorted, each once), with its
     * {@code contact.updated} when the tag is new; false when there is no such contact or it had the tag. In the
     * caller's transaction (a flow's tag action: the automation worker's decision), taking the contact's lock.
     */
    public boolean tag(String phone, String tag) {
        // The whole row is written back: nothing else may change it (a message's count) between the read and the write.
        lock(List.of(WhatsAppUser.ofPhone(phone)));
        Optional<Contact> live = contacts.findLiveByPhone(phone);
        if (live.isEmpty()) {
            return false;
        }
        Contact contact = live.get();
        java.util.TreeSet<String> tags = new java.util.TreeSet<>();
        if (contact.metadata().get("tags") instanceof java.util.Collection<?> existing) {
            existing.forEach(t -> tags.add(String.valueOf(t)));
        }
        if (!tags.add(tag)) {
            return false;
        }
        Map<String, Object> metadata = new LinkedHashMap<>(contact.metadata());
        metadata.put("tags", List.copyOf(tags));
        update(new Contact(contact.id(), contact.phone(), contact.userId(), contact.parentUserId(), contact.username(),
                contact.name(), contact.profilePictureUrl(), contact.lastMessageAt(), contact.lastInboundAt(), contact.messageCount(),
                contact.unreadCount(), contact.blocked(), metadata, contact.createdAt(), contact.updatedAt(), contact.deletedAt()));
        return true;
    }

    /** The contact's event, in the caller's transaction. */
    private Contact emit(EventType type, Contact contact) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", contact.id());
        view.put("phone", contact.phone());
        view.put("user_id", contact.userId());
        view.put("parent_user_id", contact.parentUserId());
        view.put("username", contact.username());
        view.put("name", contact.name());
        view.put("profile_picture_url", contact.profilePictureUrl());
        view.put("metadata", contact.metadata());
        view.put("last_message_at", contact.lastMessageAt() == null ? null : contact.lastMessageAt().toString());
        view.put("window_open_until", contact.windowOpenUntil() == null ? null : contact.windowOpenUntil().toString());
        view.put("message_count", contact.messageCount());
        view.put("unread_count", contact.unreadCount());
        view.put("deleted", type == EventType.CONTACT_DELETED);
        try {
            outbox.write(EventData.contact(type, contact.id(), contact.phone() != null ? contact.phone() : contact.userId(), view));
        } catch (SQLException e) {
            throw new DataAccessException("Could not write the event of contact " + contact.id() + ": " + e.getMessage(), e);
        }
        return contact;
    }

    /**
     * One new message from {@code sender}: +1 message, +1 unread, last message time moved forward,
     * and the contact learns the sender's identities and username. Call it once per message, in the
     * caller's transaction, only when that transaction stored the message (so a redelivered message
     * is not counted twice).
     */
    public Counted inboundMessage(WhatsAppUser sender, @Nullable String username, @Nullable String profileName,
                                  Instant sentAt) throws SQLException {
        Optional<ContactIdentities.Joined> contact = identities.join(sender, username);
        Connection connection = transactions.getConnection();
        if (contact.isPresent()) {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_INBOUND)) {
                statement.setString(1, profileName);
                statement.setTimestamp(2, Timestamp.from(sentAt));
                statement.setTimestamp(3, Timestamp.from(sentAt));
                statement.setString(4, profileName);
                statement.setString(5, profileName);
                statement.setString(6, contact.get().contactId());
                statement.executeUpdate();
            }
            return new Counted(contact.get().contactId(), false);
        }
        String id = Ids.CONTACT.next();
        try (PreparedStatement statement = connection.prepareStatement(CREATE_INBOUND)) {
            statement.setString(1, id);
            statement.setString(2, sender.phone());
            statement.setString(3, sender.userId());
            statement.setString(4, sender.parentUserId());
            statement.setString(5, username);
            statement.setString(6, profileName);
            statement.setTimestamp(7, Timestamp.from(sentAt));
            statement.setTimestamp(8, Timestamp.from(sentAt));
            statement.setString(9, profileName);
            statement.setString(10, profileName);
            statement.executeUpdate();
        }
        return new Counted(id, true);
    }

    /** One message sent to {@code recipient}: +1 message, last message time moved forward; in the caller's transaction. */
    public Counted outboundMessage(WhatsAppUser recipient, Instant sentAt) throws SQLException {
        Optional<ContactIdentities.Joined> contact = identities.join(recipient, null);
        Connection connection = transactions.getConnection();
        if (contact.isPresent()) {
            try (PreparedStatement statement = connection.prepareStatement(COUNT_OUTBOUND)) {
                statement.setTimestamp(1, Timestamp.from(sentAt));
                statement.setString(2, contact.get().contactId());
                statement.executeUpdate();
            }
            return new Counted(contact.get().contactId(), false);
        }
        String id = Ids.CONTACT.next();
        try (PreparedStatement statement = connection.prepareStatement(CREATE_OUTBOUND)) {
            statement.setString(1, id);
            statement.setString(2, recipient.phone());
            statement.setString(3, recipient.userId());
            statement.setString(4, recipient.parentUserId());
            statement.setTimestamp(5, Timestamp.from(sentAt));
            statement.executeUpdate();
        }
        return new Counted(id, true);
    }

    /**
     * An inbound message of {@code sender} marked read (a read receipt Meta accepted): the contact's
     * {@code unread_count} keeps only the messages that came after it. In a transaction of its own (the caller has
     * just called Meta, outside any); nothing when the user has no live contact.
     *
     * @return whether the count changed
     */
    @Transactional
    public boolean read(WhatsAppUser sender, Instant createdAt) {
        try {
            Optional<ContactIdentities.Joined> contact = identities.join(sender, null);
            if (contact.isEmpty()) {
                return false;
            }
            try (PreparedStatement statement = transactions.getConnection().prepareStatement(READ)) {
                statement.setTimestamp(1, Timestamp.from(createdAt));
                statement.setString(2, contact.get().contactId());
                return statement.executeUpdate() == 1;
            }
        } catch (SQLException e) {
            throw new DataAccessException("Could not mark the messages of a contact read: " + e.getMessage(), e);
        }
    }

    /**
     * A status named the user by more than one identity (a send by phone answered with the BSUID):
     * the user's live contact learns them; no contact is created and nothing is counted.
     */
    public void recipientIdentified(WhatsAppUser recipient, @Nullable String username) throws SQLException {
        identities.join(recipient, username);
    }

    /**
     * The contact a message was counted on.
     *
     * @param created whether this message made it (the user's first message)
     */
    public record Counted(String contactId, boolean created) {
    }
}
