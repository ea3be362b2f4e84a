package dev.wagateway.shared.identity;

import java.util.regex.Pattern;

/**
 * The form of Meta's business-scoped user ids (BSUIDs): the user's ISO 3166 alpha-2 country code,
 * a period, and up to 128 alphanumeric characters ({@code US.13491208655302741918}); a parent BSUID
 * has {@code ENT} between the two ({@code US.ENT.11815799212886844830}). The schema's domains
 * {@code whatsapp_user_id} and {@code whatsapp_parent_user_id} (V33) check the same patterns.
 */
public final class BusinessScopedUserIds {

    private static final Pattern USER_ID = Pattern.compile("[A-Z]{2}\\.[A-Za-z0-9]{1,128}");
    private static final Pattern PARENT_USER_ID = Pattern.compile("[A-Z]{2}\\.ENT\\.[A-Za-z0-9]{1,128}");

    /** What the OpenAPI documents and problem details say a BSUID looks like. */
    public static final String DESCRIPTION = "a business-scoped user id such as US.13491208655302741918 "
            + "(or a parent one such as US.ENT.11815799212886844830)";

    private BusinessScopedUserIds() {
    }

    public static boolean isUserId(String value) {
        return value != null && USER_ID.matcher(value).matches();
    }

    public static boolean isParentUserId(String value) {
        return value != null && PARENT_USER_ID.matcher(value).matches();
    }
}
