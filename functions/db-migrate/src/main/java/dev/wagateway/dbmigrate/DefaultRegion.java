package dev.wagateway.dbmigrate;

import com.google.i18n.phonenumbers.PhoneNumberUtil;

import java.util.Locale;

/** The import's default phone region, checked: an unknown code would silently reject every national number. */
public final class DefaultRegion {

    private DefaultRegion() {
    }

    /** The upper-case region, or null for none. */
    public static String parse(String region) {
        if (region == null || region.isBlank()) {
            return null;
        }
        String code = region.strip().toUpperCase(Locale.ROOT);
        if (!PhoneNumberUtil.getInstance().getSupportedRegions().contains(code)) {
            throw new IllegalArgumentException("Unknown default region '" + region.strip()
                    + "': give an ISO 3166 two-letter code such as BR, US or GB");
        }
        return code;
    }
}
