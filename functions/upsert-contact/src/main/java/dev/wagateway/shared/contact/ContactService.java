package dev.wagateway.shared.contact;

import dev.wagateway.shared.json.MergePatch;
import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.search.TextSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Contacts as the contacts API sees them: one live contact per E.164 phone. */
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
    private final ContactWriter writer;

    public ContactService(ContactRepository contacts, ContactWriter writer) {
        this.contacts = contacts;
        this.writer = writer;
    }

    /**
     * Creates the phone's contact, or updates it, or brings back its most recently deleted one.
     * Writes to one phone are serialised by a transaction lock, so concurrent first writes make one row.
     */
    @Transactional
    public Upserted upsert(String phone, ContactChanges changes) {
        writer.lockPhone(phone);
        Optional<Contact> live = contacts.findLiveByPhone(phone);
        if (live.isPresent()) {
            return new Upserted(writer.update(apply(live.get(), changes, false)), false);
        }
        Optional<Contact> deleted = contacts.findLatestDeleted(phone);
        if (deleted.isPresent()) {
            return new Upserted(writer.update(apply(deleted.get(), changes, true)), true);
        }
        Contact created = Contact.create(phone, changes.name(), changes.profilePictureUrl(),
                changes.metadata() == null ? Map.of() : MergePatch.replacement(changes.metadata()));
        return new Upserted(writer.create(created), true);
    }

    public Optional<Contact> find(String phone) {
        return contacts.findLiveByPhone(phone);
    }

    /** Whether the phone had a contact that was deleted (a PUT brings it back). */
    public boolean hasDeleted(String phone) {
        return contacts.findLatestDeleted(phone).isPresent();
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
        writer.lockPhone(phone);
        return writer.softDelete(phone);
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
