package dev.wagateway.shared.whatsapp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

import java.util.List;

/**
 * {@code whatsapp.*}: as whom the gateway talks to Meta. In AWS the token (and, unless the environment
 * names them, the account and number ids) come from the secret {@code secret-arn}; elsewhere from
 * {@code WHATSAPP_ACCESS_TOKEN}, {@code WHATSAPP_BUSINESS_ACCOUNT_ID}, {@code WHATSAPP_PHONE_NUMBER_ID}.
 *
 * @param secretArn         the WhatsApp secret ({@code WHATSAPP_SECRET_ARN})
 * @param accessToken       the token when there is no secret; never logged
 * @param businessAccountId the WhatsApp Business Account whose templates are synced
 * @param phoneNumberId     the business number a send goes through when the request names none
 * @param phoneNumberIds    other business numbers a request may name
 */
@ConfigurationProperties("whatsapp")
public record WhatsAppConfiguration(@Nullable String secretArn,
                                    @Nullable String accessToken,
                                    @Nullable String businessAccountId,
                                    @Nullable String phoneNumberId,
                                    @Nullable List<String> phoneNumberIds) {

    @Override
    public String toString() {
        return "WhatsAppConfiguration[secretArn=" + secretArn + ", businessAccountId=" + businessAccountId
                + ", phoneNumberId=" + phoneNumberId + ", phoneNumberIds=" + phoneNumberIds
                + ", accessToken=" + (accessToken == null || accessToken.isBlank() ? "unset" : "set") + "]";
    }
}
