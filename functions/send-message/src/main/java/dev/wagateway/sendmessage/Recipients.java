package dev.wagateway.sendmessage;

import dev.wagateway.shared.identity.BusinessScopedUserIds;
import dev.wagateway.shared.identity.Identity;
import dev.wagateway.shared.phone.PhoneNumbers;
import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

import java.util.Locale;
import java.util.Optional;

/**
 * Recipients as callers write them: phone numbers in any common spelling ({@code +55 11 98765-4321},
 * {@code 0055 11 987654321}, {@code 5511987654321} as WhatsApp writes ids, or a national number with
 * a default region) as E.164, or a business-scoped user id exactly as Meta writes it.
 */
@Singleton
public class Recipients {

    private final String defaultRegion;

    @Inject
    public Recipients(MessagesConfiguration configuration) {
        this(configuration.defaultRegion());
    }

    Recipients(@Nullable String defaultRegion) {
        this.defaultRegion = defaultRegion == null || defaultRegion.isBlank() ? null : defaultRegion.strip().toUpperCase(Locale.ROOT);
    }

    /** The E.164 form of {@code typed}; a 400 naming {@code field} when it is not a valid number. */
    public String e164(String field, @Nullable String typed) {
        return normalise(typed).orElseThrow(() -> ProblemException.invalidField(field,
                "is not a valid phone number; write it with its country code, e.g. +5511987654321"));
    }

    /** The phone (as E.164) or BSUID {@code typed} names; a 400 naming {@code field} when it is neither. */
    public Identity identity(String field, @Nullable String typed) {
        Optional<Identity> bsuid = typed == null ? Optional.empty() : Identity.bsuid(typed.strip());
        if (bsuid.isPresent()) {
            return bsuid.get();
        }
        return normalise(typed).map(phone -> new Identity(Identity.Kind.PHONE, phone)).orElseThrow(() ->
                ProblemException.invalidField(field, "is neither a valid phone number (write it with its country code, "
                        + "e.g. +5511987654321) nor " + BusinessScopedUserIds.DESCRIPTION));
    }

    Optional<String> normalise(@Nullable String typed) {
        return PhoneNumbers.toE164(typed, defaultRegion);
    }
}
