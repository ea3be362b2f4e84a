package dev.wagateway.shared.phone;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import io.micronaut.core.annotation.Nullable;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The one phone rule of the API and the import: numbers as people and systems write them, to E.164
 * ({@code +15550102030}).
 *
 * <p>A new number ({@link #toE164}: the API's input, a send's recipient) must be valid: {@code +} or
 * {@code 00} followed by the country code, or bare digits that start with the country code, as
 * WhatsApp writes its {@code wa_id}s ({@code 15550102030}); spaces, dashes, dots and parentheses
 * anywhere. A national number without a country code is accepted only with a default region:
 * otherwise there is no telling which country it belongs to.
 *
 * <p>A number that data already holds ({@link #asStored}: the legacy import) need only be possible
 * for its country (the right length): numbering plans change, and a contact is not dropped for it.
 * The API reaches such a stored contact through {@link #toStoredE164}.
 */
public final class PhoneNumbers {

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();
    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");

    /**
     * A number as stored, or why there is none.
     *
     * @param e164    the E.164 number, or null
     * @param problem why there is none, or null
     */
    public record Stored(@Nullable String e164, @Nullable String problem) {
    }
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

    /**
     * A number as data already holds it, to E.164: a possible number (not necessarily valid). Without
     * a leading {@code +} or {@code 00} the digits are a national number of {@code defaultRegion}
     * when one is given (the operator names the old data's country), else international.
     */
    public static Stored asStored(String typed, @Nullable String defaultRegion) {
        String s = typed.strip();
        if (s.chars().noneMatch(Character::isDigit)) {
            return new Stored(null, "no phone number");
        }
        String candidate;
        String region = "ZZ";
        if (s.startsWith("+")) {
            candidate = s;
        } else if (s.startsWith("00")) {
            candidate = "+" + s.substring(2);
        } else if (defaultRegion != null) {
            candidate = s;
            region = defaultRegion;
        } else {
            candidate = "+" + s;
        }
        try {
            Phonenumber.PhoneNumber number = UTIL.parse(candidate, region);
            if (!UTIL.isPossibleNumber(number)) {
                return new Stored(null, "not a possible phone number");
            }
            String e164 = UTIL.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            return E164.matcher(e164).matches() ? new Stored(e164, null) : new Stored(null, "not a possible phone number");
        } catch (NumberParseException e) {
            return new Stored(null, "not a phone number (" + e.getErrorType().name().toLowerCase(Locale.ROOT) + ")");
        }
    }

    /**
     * A path's phone as the API addresses a stored contact: a valid number ({@link #toE164}), or else,
     * written with its country code, one that is only possible, as {@link #asStored} keeps old data.
     */
    public static Optional<String> toStoredE164(String written) {
        Optional<String> valid = toE164(written);
        if (valid.isPresent() || written == null || written.length() > 64) {
            return valid;
        }
        String compact = SEPARATORS.matcher(written.strip()).replaceAll("");
        if (!DIGITS_ONLY.matcher(compact).matches() || !(compact.startsWith("+") || compact.startsWith("00"))) {
            return Optional.empty();
        }
        return Optional.ofNullable(asStored(compact, null).e164());
    }
}
