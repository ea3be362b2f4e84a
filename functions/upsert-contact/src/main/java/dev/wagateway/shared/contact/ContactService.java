package dev.wagateway.shared.contact;

import dev.wagateway.shared.json.MergePatch;
import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.search.TextSearch;
import dev.wagateway.events.EventData;
import dev.wagateway.events.EventType;
import dev.wagateway.events.OutboxWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Contacts as the contacts API sees them: one live contact per E.164 phone. Each change writes its
 * event ({@code contact.created}, {@code contact.updated}, {@code contact.deleted}) in its transaction;
 * a PUT that changes nothing writes none.
 */
@Singleton
public class ContactService {

    /**
     * @param contact the contact as stored now
     * @param created whether this call made it (a restored contact counts as created)
     */
    public record Upserted(Contact contact, boolean created) {
    }

    private static final Pattern PHONE_FRAGMENT = Pattern.compile("[\\s+()\\-.0-9]*[0-9][\\s+()\\-.0-9]*");

    private final ContactRepository contacts;
    private final OutboxWriter outbox;

    public ContactService(ContactRepository contacts, OutboxWriter outbox) {
        this.contacts = contacts;
        this.outbox = outbox;
    }

    /**
     * Creates the phone's contact, or updates it, or brings back its most recently deleted one.
     * Writes to one phone are serialised by a transaction lock, so concurrent first writes make one row.
     */
    @Transactional
    public Upserted upsert(String phone, ContactChanges changes) {
        contacts.lockPhone(phone);
        Optional<Contact> live = contacts.findLiveByPhone(phone);
        if (live.isPresent()) {
            Contact changed = apply(live.get(), changes, false);
            if (sameContent(live.get(), changed)) {
                return new Upserted(live.get(), false);
            }
            return new Upserted(emit(EventType.CONTACT_UPDATED, contacts.update(changed)), false);
        }
        Optional<Contact> deleted = contacts.findLatestDeleted(phone);
        if (deleted.isPresent()) {
            return new Upserted(emit(EventType.CONTACT_CREATED, contacts.update(apply(deleted.get(), changes, true))), true);
        }
        Contact created = Contact.create(phone, changes.name(), changes.profilePictureUrl(),
                changes.metadata() == null ? Map.of() : MergePatch.replacement(changes.metadata()));
        return new Upserted(emit(EventType.CONTACT_CREATED, contacts.save(created)), true);
    }

    private static boolean sameContent(Contact before, Contact after) {
        return Objects.equals(before.name(), after.name()) && Objects.equals(before.profilePictureUrl(), after.profilePictureUrl())
                && Objects.equals(before.metadata(), after.metadata());
    }

    /** The contact's event, in the caller's transaction. */
    private Contact emit(EventType type, Contact contact) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("id", contact.id());
        view.put("phone", contact.phone());
        view.put("name", contact.name());
        view.put("profile_picture_url", contact.profilePictureUrl());
        view.put("metadata", contact.metadata());
        view.put("last_message_at", contact.lastMessageAt() == null ? null : contact.lastMessageAt().toString());
        view.put("message_count", contact.messageCount());
        view.put("unread_count", contact.unreadCount());
        view.put("deleted", type == EventType.CONTACT_DELETED);
        try {
            outbox.write(EventData.contact(type, contact.id(), contact.phone(), view));
        } catch (SQLException e) {
            throw new DataAccessException("Could not write the event of contact " + contact.id() + ": " + e.getMessage(), e);
        }
        return contact;
    }

    public Optional<Contact> find(String phone) {
        return contacts.findLiveByPhone(phone);
    }

    /** Live contacts matching {@code query} (word prefixes of the name, digits of the phone), most recently messaged first. */
    public Page<Contact> search(@Nullable String query, @Nullable String cursor, int limit) {
        Optional<Cursor> after = Cursor.decode(cursor);
        // Only digits (and phone punctuation): a piece of a phone number, found through the trigram
        // index. Anything else: words, found through the full-text index. Never both in one query:
        // an OR of the two cannot use either index.
        boolean phoneLike = query != null && PHONE_FRAGMENT.matcher(query).matches();
        Optional<String> words = phoneLike ? Optional.empty() : TextSearch.prefixQuery(query);
        Optional<String> digits = phoneLike ? TextSearch.phoneDigits(query) : Optional.empty();
        if (query != null && !query.isBlank() && words.isEmpty() && digits.isEmpty()) {
            return new Page<>(List.of(), null);
        }
        return Page.of(contacts.search(words.orElse(null), digits.orElse(null),
                        after.map(Cursor::instantKey).orElse(null), after.map(Cursor::id).orElse(null), limit + 1),
                limit, contact -> Cursor.after(contact.lastMessageAt(), contact.id()));
    }

    /** Soft-deletes the phone's live contact; false when there is none. */
    @Transactional
    public boolean delete(String phone) {
        contacts.lockPhone(phone);
        Optional<Contact> live = contacts.findLiveByPhone(phone);
        if (live.isEmpty() || contacts.softDelete(phone) == 0) {
            return false;
        }
        emit(EventType.CONTACT_DELETED, live.get());
        return true;
    }

    private static Contact apply(Contact current, ContactChanges changes, boolean restore) {
        Map<String, Object> metadata = current.metadata();
        if (changes.metadata() != null) {
            metadata = changes.replaceMetadata()
                    ? MergePatch.replacement(changes.metadata())
                    : MergePatch.apply(current.metadata(), changes.metadata());
        }
        return new Contact(current.id(), current.phone(),
                changes.name() != null ? changes.name() : current.name(),
                changes.profilePictureUrl() != null ? changes.profilePictureUrl() : current.profilePictureUrl(),
                current.lastMessageAt(), current.messageCount(), current.unreadCount(), current.blocked(), metadata,
                current.createdAt(), current.updatedAt(), restore ? null : current.deletedAt());
    }
}
