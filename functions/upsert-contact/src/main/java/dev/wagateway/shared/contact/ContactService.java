package dev.wagateway.shared.contact;

import dev.wagateway.shared.identity.Identity;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.json.MergePatch;
import dev.wagateway.shared.json.MetadataSize;
import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.search.TextSearch;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Contacts as the contacts API sees them: one live contact per phone, per BSUID and per parent BSUID.
 * Each change writes its event ({@code contact.created}, {@code contact.updated}, {@code contact.deleted})
 * in its transaction; a PUT that changes nothing writes none.
 */
@Singleton
public class ContactService {

    /**
     * @param contact  the contact as stored now
     * @param created  whether this call made a new contact
     * @param restored whether this call brought back a deleted one (its id, created_at, metadata and picture as
     *                 they were, with this call's changes): not new, so not {@code created}
     */
    public record Upserted(Contact contact, boolean created, boolean restored) {
    }

    private static final Pattern PHONE_FRAGMENT = Pattern.compile("[\\s+()\\-.0-9]*[0-9][\\s+()\\-.0-9]*");

    private final ContactRepository contacts;
    private final ContactWriter writer;
    private final JsonMapper json;

    public ContactService(ContactRepository contacts, ContactWriter writer, JsonMapper json) {
        this.contacts = contacts;
        this.writer = writer;
        this.json = json;
    }

    /**
     * By identity: creates its contact, or updates it, or brings back its most recently deleted one.
     * By id: updates that live contact (empty when there is none: an id is never made up by a caller).
     * Writes to one identity are serialised by a transaction lock, so concurrent first writes make one row.
     */
    @Transactional
    public Optional<Upserted> upsert(ContactReference reference, ContactChanges changes) {
        if (reference instanceof ContactReference.ById byId) {
            return lockedById(byId.id()).map(live -> updated(live, changes));
        }
        WhatsAppUser user = ((ContactReference.ByIdentity) reference).user();
        lock(user);
        Optional<Contact> live = findLive(user);
        if (live.isPresent()) {
            return Optional.of(updated(live.get(), changes));
        }
        Optional<Contact> deleted = contacts.findLatestDeleted(user.phone(), user.userId(), user.parentUserId());
        if (deleted.isPresent() && restorable(deleted.get())) {
            return Optional.of(new Upserted(writer.restore(apply(deleted.get(), changes, true)), false, true));
        }
        Contact created = Contact.create(user, changes.name(), changes.profilePictureUrl(),
                changes.metadata() == null ? Map.of() : MergePatch.replacement(changes.metadata()));
        return Optional.of(new Upserted(writer.create(created), true, false));
    }

    /** The live contact changed; nothing written (no event) when the changes change nothing. */
    private Upserted updated(Contact live, ContactChanges changes) {
        Contact changed = apply(live, changes, false);
        if (Objects.equals(live.name(), changed.name()) && Objects.equals(live.profilePictureUrl(), changed.profilePictureUrl())
                && Objects.equals(live.metadata(), changed.metadata())) {
            return new Upserted(live, false, false);
        }
        return new Upserted(writer.update(changed), false, false);
    }

    public Optional<Contact> find(ContactReference reference) {
        return switch (reference) {
            case ContactReference.ById byId -> contacts.findLiveById(byId.id());
            case ContactReference.ByIdentity byIdentity -> findLive(byIdentity.user());
        };
    }

    /**
     * Live contacts matching {@code query} (word prefixes of the name or username, digits of the
     * phone, or a whole BSUID), most recently messaged first.
     */
    public Page<Contact> search(@Nullable String query, @Nullable String cursor, int limit) {
        Optional<Cursor> after = Cursor.decode(cursor);
        Optional<Identity> bsuid = query == null ? Optional.empty() : Identity.bsuid(query.strip());
        if (bsuid.isPresent()) {
            // At most one live contact holds a BSUID: one page, no cursor.
            return new Page<>(after.isPresent() ? List.of() : findLive(WhatsAppUser.of(bsuid.get())).stream().toList(), null);
        }
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

    /** Soft-deletes the live contact; false when there is none. */
    @Transactional
    public boolean delete(ContactReference reference) {
        Optional<Contact> live = switch (reference) {
            case ContactReference.ById byId -> lockedById(byId.id());
            case ContactReference.ByIdentity byIdentity -> {
                lock(byIdentity.user());
                yield findLive(byIdentity.user());
            }
        };
        return live.isPresent() && writer.softDelete(live.get());
    }

    /**
     * A deleted contact comes back unless it was merged into another (that one is the user's now)
     * or another live contact holds one of its identities.
     */
    private boolean restorable(Contact deleted) {
        if (deleted.metadata().containsKey("mergedInto")) {
            return false;
        }
        return deleted.identity().identities().stream()
                .noneMatch(identity -> findLive(WhatsAppUser.of(identity)).isPresent());
    }

    /** The live contact with this id, read again under its identities' locks. */
    private Optional<Contact> lockedById(String id) {
        Optional<Contact> seen = contacts.findLiveById(id);
        if (seen.isEmpty()) {
            return seen;
        }
        lock(seen.get().identity());
        return contacts.findLiveById(id);
    }

    private Optional<Contact> findLive(WhatsAppUser user) {
        return contacts.findLive(user.phone(), user.userId(), user.parentUserId());
    }

    private void lock(WhatsAppUser user) {
        writer.lock(List.of(user));
    }

    private Contact apply(Contact current, ContactChanges changes, boolean restore) {
        Map<String, Object> metadata = current.metadata();
        if (changes.metadata() != null) {
            metadata = changes.replaceMetadata()
                    ? MergePatch.replacement(changes.metadata())
                    : MergePatch.apply(current.metadata(), changes.metadata());
            // The cap holds for what is stored: small patches must not grow a contact's metadata past it.
            MetadataSize.check(json, metadata);
        }
        return new Contact(current.id(), current.phone(), current.userId(), current.parentUserId(), current.username(),
                changes.clearName() ? null : changes.name() != null ? changes.name() : current.name(),
                changes.clearPicture() ? null : changes.profilePictureUrl() != null ? changes.profilePictureUrl() : current.profilePictureUrl(),
                current.lastMessageAt(), current.lastInboundAt(), current.messageCount(), current.unreadCount(), current.blocked(), metadata,
                current.createdAt(), current.updatedAt(), restore ? null : current.deletedAt());
    }
}
