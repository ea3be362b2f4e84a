package dev.wagateway.webhook;

import dev.wagateway.shared.secrets.JsonSecrets;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;

/**
 * The verify token and the app secret, read once when the function starts (a Lambda's init): from
 * the Secrets Manager secret {@code whatsapp.secret-arn} when it is set (AWS: a JSON secret with
 * {@code appSecret} and {@code verifyToken}), else from {@code whatsapp.webhook.*} (environment).
 * A function without them fails to start rather than refuse every delivery.
 */
@Context
public class WebhookCredentials {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookCredentials.class);

    private final byte[] verifyTokenDigest;
    private final WebhookSignature signature;

    public WebhookCredentials(WebhookConfiguration configuration, BeanProvider<JsonSecrets> secrets) {
        String secretArn = configuration.secretArn();
        WebhookConfiguration.Credentials configured = configuration.webhook();
        String verifyToken = configured == null ? null : configured.verifyToken();
        String appSecret = configured == null ? null : configured.appSecret();
        if (secretArn != null && !secretArn.isBlank()) {
            Map<String, String> secret = secrets.get().read(secretArn);
            verifyToken = secret.get("verifyToken");
            appSecret = secret.get("appSecret");
            require(verifyToken, "verifyToken in the secret " + secretArn);
            require(appSecret, "appSecret in the secret " + secretArn);
            LOG.info("Webhook credentials read from Secrets Manager");
        } else {
            require(verifyToken, "whatsapp.webhook.verify-token (WHATSAPP_VERIFY_TOKEN)");
            require(appSecret, "whatsapp.webhook.app-secret (WHATSAPP_APP_SECRET)");
        }
        this.verifyTokenDigest = sha256(verifyToken);
        this.signature = new WebhookSignature(appSecret);
    }

    /** Constant time, and blind to length: the digests of both are compared, not the tokens. */
    boolean verifyTokenMatches(@Nullable String candidate) {
        return candidate != null && MessageDigest.isEqual(verifyTokenDigest, sha256(candidate));
    }

    WebhookSignature signature() {
        return signature;
    }

    private static void require(@Nullable String value, String what) {
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("The WhatsApp webhook needs " + what + ", which is missing or empty");
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
