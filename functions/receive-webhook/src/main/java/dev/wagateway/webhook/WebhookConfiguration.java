package dev.wagateway.webhook;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * {@code whatsapp.*} as the webhook reads it (this function's {@code application.properties} maps the
 * environment onto it): the WhatsApp secret in AWS, else the verify token and app secret themselves.
 *
 * @param secretArn the JSON secret with {@code verifyToken} and {@code appSecret} ({@code WHATSAPP_SECRET_ARN})
 * @param webhook   the credentials when there is no secret
 */
@ConfigurationProperties("whatsapp")
public record WebhookConfiguration(@Nullable String secretArn, @Nullable Credentials webhook) {

    /**
     * {@code whatsapp.webhook.*}; never logged.
     *
     * @param verifyToken the token Meta's handshake sends back ({@code WHATSAPP_VERIFY_TOKEN})
     * @param appSecret   the key of Meta's signatures ({@code WHATSAPP_APP_SECRET})
     */
    @ConfigurationProperties("webhook")
    public record Credentials(@Nullable String verifyToken, @Nullable String appSecret) {

        @Override
        public String toString() {
            return "Credentials[verifyToken=" + (verifyToken == null ? "unset" : "set")
                    + ", appSecret=" + (appSecret == null ? "unset" : "set") + "]";
        }
    }
}
