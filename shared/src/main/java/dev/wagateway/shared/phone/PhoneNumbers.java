package dev.wagateway.shared.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Phone numbers as people and systems write them, to E.164 ({@code +15550102030}).
 *
 * <p>Accepted: {@code +} or {@code 00} followed by the country code, or bare digits that start
 * with the country code, as WhatsApp writes its {@code wa_id}s ({@code 15550102030}); spaces,
 * dashes, dots and parentheses anywhere. A national number without a country code is not
 * accepted: there is no telling which country it belongs to.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern SEPARATORS = Pattern.compile("[\\s\\-.()/\\u00a0]");
    private static final Pattern DIGITS_ONLY = Pattern.compile("\\+?[0-9]{1,20}");

    private PhoneNumbers() {
    }

    /** The number in E.164, or empty when it is not a valid number of any country. */
    public static Optional<String> toE164(String written) {
        if (written == null) {
            return Optional.empty();
        }
        String compact = SEPARATORS.matcher(written.strip()).replaceAll("");
        if (!DIGITS_ONLY.matcher(compact).matches()) {
            return Optional.empty();
        }
        String international;
        if (compact.startsWith("+")) {
            international = compact;
        } else if (compact.startsWith("00")) {
            international = "+" + compact.substring(2);
        } else if (compact.startsWith("0")) {
            return Optional.empty();
        } else {
            international = "+" + compact;
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(international, "ZZ");
            if (!UTIL.isValidNumber(number)) {
                return Optional.empty();
            }
            return Optional.of(UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
