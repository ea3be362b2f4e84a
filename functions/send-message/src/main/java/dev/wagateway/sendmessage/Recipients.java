package dev.wagateway.sendmessage;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber;
import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;

/**
 * Phone numbers in any common spelling ({@code +55 11 98765-4321}, {@code 0055 11 987654321},
 * {@code 5511987654321} as WhatsApp writes ids, or a national number with a default region) as E.164.
 */
@Singleton
public class Recipients {

    private static final PhoneNumberUtil PHONES = PhoneNumberUtil.getInstance();

    private final String defaultRegion;

    public Recipients(@Value("${messages.default-region:}") String defaultRegion) {
        this.defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? null : defaultRegion.strip().toUpperCase(Locale.ROOT);
    }

    /** The E.164 form of {@code typed}; a 400 naming {@code field} when it is not a valid number. */
    public String e164(String field, @Nullable String typed) {
        return normalise(typed).orElseThrow(() -> ProblemException.invalidField(field,
                "is not a valid phone number; write it with its country code, e.g. +5511987654321"));
    }

    Optional<String> normalise(@Nullable String typed) {
        if (typed == null || typed.isBlank() || typed.length() > 40) {
            return Optional.empty();
        }
        String text = typed.strip();
        if (text.startsWith("00")) {
            text = "+" + text.substring(2);
        }
        if (!text.startsWith("+") && text.matches("[0-9]{8,15}")) {
            // WhatsApp's own spelling (wa_id): the country code without a plus.
            Optional<String> international = parse("+" + text, null);
            if (international.isPresent() || defaultRegion == null) {
                return international;
            }
        }
        return parse(text, text.startsWith("+") ? null : defaultRegion);
    }

    private static Optional<String> parse(String text, @Nullable String region) {
        if (!text.startsWith("+") && region == null) {
            return Optional.empty();
        }
        try {
            Phonenumber.PhoneNumber number = PHONES.parse(text, region == null ? "ZZ" : region);
            return PHONES.isValidNumber(number)
                    ? Optional.of(PHONES.format(number, PhoneNumberUtil.PhoneNumberFormat.E164))
                    : Optional.empty();
        } catch (NumberParseException e) {
            return Optional.empty();
        }
    }
}
