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
        return PhoneNumbers.toE164(trimmed).map(phone -> new ByIdentity(new Identity(Identity.Kind.PHONE, phone)));
    }
}
