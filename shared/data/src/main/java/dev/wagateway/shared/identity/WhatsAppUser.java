package dev.wagateway.shared.identity;

import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Who a WhatsApp user is, as far as the gateway knows: an E.164 phone, a business-scoped user id
 * (Meta's {@code user_id}), a parent BSUID ({@code parent_user_id}), or any of them together. At
 * least one is always present: a user with a username may withhold their phone, so no one of them
 * can be required (Meta's "Business-scoped user IDs").
 *
 * @param phone        E.164 ({@code +16505551234}), or null when withheld
 * @param userId       the BSUID ({@code US.13491208655302741918}), or null when unknown (messages
 *                     before April 2026, or sends by phone not yet answered by a status)
 * @param parentUserId the parent BSUID of linked business portfolios ({@code US.ENT.1181...}), when enabled
 */
public record WhatsAppUser(@Nullable String phone, @Nullable String userId, @Nullable String parentUserId) {

    public WhatsAppUser {
        if (phone == null && userId == null && parentUserId == null) {
            throw new IllegalArgumentException("a WhatsApp user needs a phone, a user id or a parent user id");
        }
        if (userId != null && !BusinessScopedUserIds.isUserId(userId)) {
            throw new IllegalArgumentException("not a business-scoped user id: " + userId);
        }
        if (parentUserId != null && !BusinessScopedUserIds.isParentUserId(parentUserId)) {
            throw new IllegalArgumentException("not a parent business-scoped user id: " + parentUserId);
        }
    }

    public static WhatsAppUser ofPhone(String phone) {
        return new WhatsAppUser(phone, null, null);
    }

    /** The user addressed by one identity: a phone in E.164, a BSUID or a parent BSUID. */
    public static WhatsAppUser of(Identity identity) {
        return switch (identity.kind()) {
            case PHONE -> new WhatsAppUser(identity.value(), null, null);
            case USER_ID -> new WhatsAppUser(null, identity.value(), null);
            case PARENT_USER_ID -> new WhatsAppUser(null, null, identity.value());
        };
    }

    /** Each identity this user is known by, phone first. */
    public List<Identity> identities() {
        List<Identity> all = new ArrayList<>(3);
        if (phone != null) {
            all.add(new Identity(Identity.Kind.PHONE, phone));
        }
        if (userId != null) {
            all.add(new Identity(Identity.Kind.USER_ID, userId));
        }
        if (parentUserId != null) {
            all.add(new Identity(Identity.Kind.PARENT_USER_ID, parentUserId));
        }
        return all;
    }

    /** The identity to address the user by in a send: the phone when known (Meta's advice), else a BSUID. */
    public Identity address() {
        return identities().getFirst();
    }

    /** This user with what {@code other} knows filled in where this one knows nothing. */
    public WhatsAppUser orElse(@Nullable WhatsAppUser other) {
        if (other == null) {
            return this;
        }
        return new WhatsAppUser(phone != null ? phone : other.phone, userId != null ? userId : other.userId,
                parentUserId != null ? parentUserId : other.parentUserId);
    }

    /** Whether the two share an identity (so are one user). */
    public boolean overlaps(WhatsAppUser other) {
        return (phone != null && Objects.equals(phone, other.phone))
                || (userId != null && Objects.equals(userId, other.userId))
                || (parentUserId != null && Objects.equals(parentUserId, other.parentUserId));
    }

    /** A sort key, so writers that lock several users' contacts take them in one order. */
    public String sortKey() {
        return address().value();
    }
}
