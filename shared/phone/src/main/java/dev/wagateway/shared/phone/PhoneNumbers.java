package dev.wagateway.shared.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import io.micronaut.core.annotation.Nullable;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers as people and systems write them, to E.164 ({@code +15550102030}).
 *
 * <p>Accepted: {@code +} or {@code 00} followed by the country code, or bare digits that start
 * with the country code, as WhatsApp writes its {@code wa_id}s ({@code 15550102030}); spaces,
 * dashes, dots and parentheses anywhere. A national number without a country code is accepted
 * only with a default region: otherwise there is no telling which country it belongs to.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()/\\u00a0]");
    private static final Pattern DIGITS_ONLY = Pattern.compile("\\+?[0-9]{1,20}");

    private PhoneNumbers() {
    }

    /** The number in E.164, or empty when it is not a valid number of any country. */
    public static Optional<String> toE164(String written) {
        return toE164(written, null);
    }

    /**
     * As {@link #toE164(String)}, and a number written without its country code is read as a
     * national number of {@code defaultRegion} (ISO 3166 code such as {@code BR}) when one is given.
     * Bare digits are tried as international first: that is how WhatsApp writes its ids.
     */
    public static Optional<String> toE164(String written, @Nullable String defaultRegion) {
        if (written == null || written.length() > 64) {
            return Optional.empty();
        }
        String compact = SEPARATORS.matcher(written.strip()).replaceAll("");
        if (!DIGITS_ONLY.matcher(compact).matches()) {
            return Optional.empty();
        }
        if (compact.startsWith("+")) {
            return parse(compact, "ZZ");
        }
        if (compact.startsWith("00")) {
            return parse("+" + compact.substring(2), "ZZ");
        }
        if (!compact.startsWith("0")) {
            Optional<String> international = parse("+" + compact, "ZZ");
            if (international.isPresent()) {
                return international;
            }
        }
        return defaultRegion == null || defaultRegion.isBlank() ? Optional.empty()
                : parse(compact, defaultRegion.strip().toUpperCase(Locale.ROOT));
    }

    private static Optional<String> parse(String text, String region) {
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(text, region);
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
