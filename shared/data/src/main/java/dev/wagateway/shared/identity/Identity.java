package dev.wagateway.shared.identity;

import java.util.Optional;

/**
 * One way to name a WhatsApp user: a phone (E.164), a business-scoped user id or a parent one.
 *
 * @param value the phone in E.164, or the BSUID as Meta writes it
 */
public record Identity(Kind kind, String value) {

    public enum Kind {
        PHONE("phone"),
        USER_ID("user_id"),
        PARENT_USER_ID("parent_user_id");

        private final String field;

        Kind(String field) {
            this.field = field;
        }

        /** The column and API field that holds it. */
        public String field() {
            return field;
        }
    }

    /** A BSUID or parent BSUID exactly as Meta writes it; empty for anything else. */
    public static Optional<Identity> bsuid(String written) {
        if (BusinessScopedUserIds.isUserId(written)) {
            return Optional.of(new Identity(Kind.USER_ID, written));
        }
        if (BusinessScopedUserIds.isParentUserId(written)) {
            return Optional.of(new Identity(Kind.PARENT_USER_ID, written));
        }
        return Optional.empty();
    }

    /** The advisory-lock key of this identity's contact (ContactIdentities and ContactService take the same). */
    public String lockKey() {
        return "contact:" + value;
    }
}
