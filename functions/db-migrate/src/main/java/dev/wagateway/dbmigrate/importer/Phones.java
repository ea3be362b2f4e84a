package dev.wagateway.dbmigrate.importer;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Phone numbers as typed ({@code '+1 (555) 010-2030'}, {@code '0044 20 7946 0958'}, {@code '15550102030'})
 * to E.164 with libphonenumber. Without a leading {@code +} or {@code 00} the digits are read as
 * international (country code first) unless a default region is given for national numbers.
 */
final class Phones {

    private static final Pattern E164 = Pattern.compile("^\\+[1-9][0-9]{6,14}$");
    private static final int CACHE_SIZE = 50_000;

    /** The E.164 number, or why there is none. */
    record Result(String e164, String problem) {
    }

    private final PhoneNumberUtil util = PhoneNumberUtil.getInstance();
    private final String defaultRegion;
    // Messages repeat their contacts' numbers: parsing each spelling once keeps libphonenumber off the hot path.
    private final Map<String, Result> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Result> eldest) {
            return size() > CACHE_SIZE;
        }
    };

    Phones(String defaultRegion) {
        this.defaultRegion = defaultRegion;
    }

    Result normalise(String typed) {
        return cache.computeIfAbsent(typed, this::parse);
    }

    private Result parse(String typed) {
        String s = typed.strip();
        if (s.chars().noneMatch(Character::isDigit)) {
            return new Result(null, "no phone number");
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
            Phonenumber.PhoneNumber number = util.parse(candidate, region);
            if (!util.isPossibleNumber(number)) {
                return new Result(null, "not a possible phone number");
            }
            String e164 = util.format(number, PhoneNumberUtil.PhoneNumberFormat.E164);
            return E164.matcher(e164).matches() ? new Result(e164, null) : new Result(null, "not a possible phone number");
        } catch (NumberParseException e) {
            return new Result(null, "not a phone number (" + e.getErrorType().name().toLowerCase() + ")");
        }
    }
}
