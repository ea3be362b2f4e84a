package dev.wagateway.shared.contact;

import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.identity.BusinessScopedUserIds;
import dev.wagateway.shared.identity.Identity;
import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.shared.phone.PhoneNumbers;

import java.util.Optional;

/**
 * How a caller names a contact in {@code /v1/contacts/{ref}}: its id ({@code contact_...}), a phone
 * in any common spelling (stored as E.164), a BSUID or a parent BSUID.
 */
public sealed interface ContactReference {

    /** What a reference may be, for problem details and the OpenAPI documents. */
    String DESCRIPTION = "the contact's id (contact_...), a phone with its country code (for example +15550102030 "
            + "or 0044 20 7946 0958), or " + BusinessScopedUserIds.DESCRIPTION;

    record ById(String id) implements ContactReference {
    }

    record ByIdentity(Identity identity) implements ContactReference {
        public WhatsAppUser user() {
            return WhatsAppUser.of(identity);
        }
    }

    /** Whether this names a phone that is not valid as a new number (a contact may only already hold it). */
    default boolean isStoredOnlyPhone() {
        return this instanceof ByIdentity byIdentity && byIdentity.identity().kind() == Identity.Kind.PHONE
                && PhoneNumbers.toE164(byIdentity.identity().value()).isEmpty();
    }

    /** The reference {@code written} is, or empty when it is none of the three. */
    static Optional<ContactReference> parse(String written) {
        if (written == null || written.isBlank()) {
            return Optional.empty();
        }
        String trimmed = written.strip();
        if (Ids.CONTACT.matches(trimmed)) {
            return Optional.of(new ById(trimmed));
        }
        Optional<Identity> bsuid = Identity.bsuid(trimmed);
        if (bsuid.isPresent()) {
            return Optional.of(new ByIdentity(bsuid.get()));
        }
        // A stored phone: valid, or only possible as old data holds it (the import keeps those).
        return PhoneNumbers.toStoredE164(trimmed).map(phone -> new ByIdentity(new Identity(Identity.Kind.PHONE, phone)));
    }
}
