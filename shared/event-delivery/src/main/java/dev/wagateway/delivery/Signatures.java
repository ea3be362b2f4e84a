package dev.wagateway.delivery;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookSigningException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers that sign one delivery, per {@link SignatureScheme}. During a rotation's grace period
 * the delivery is signed under both secrets: Standard Webhooks lists both signatures in
 * {@code webhook-signature} (receivers accept either); the hex scheme puts the previous secret's in
 * {@code X-Hub-Signature-256-Previous}.
 */
public final class Signatures {

    public static final String ID = "webhook-id";
    public static final String TIMESTAMP = "webhook-timestamp";
    public static final String SIGNATURE = "webhook-signature";
    public static final String HUB_SIGNATURE = "X-Hub-Signature-256";
    public static final String HUB_SIGNATURE_PREVIOUS = "X-Hub-Signature-256-Previous";
    public static final String SECRET_PREFIX = "whsec_";

    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {
    }

    /** A new secret: {@code whsec_} and the base64 of 32 random bytes (the Standard Webhooks form). */
    public static String newSecret() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return SECRET_PREFIX + Base64.getEncoder().encodeToString(key);
    }

    /** Every header that identifies and signs the delivery of {@code body} at {@code at}. */
    public static Map<String, String> headers(Subscription subscription, String eventId, Instant at, String body) {
        Map<String, String> headers = new LinkedHashMap<>();
        long timestamp = at.getEpochSecond();
        headers.put(ID, eventId);
        headers.put(TIMESTAMP, String.valueOf(timestamp));
        String secret = subscription.secret();
        if (secret == null) {
            return headers;
        }
        String previous = subscription.previousSecretAt(at);
        switch (subscription.signatureScheme()) {
            case STANDARD -> {
                String signature = standard(secret, eventId, timestamp, body);
                headers.put(SIGNATURE, previous == null ? signature : signature + " " + standard(previous, eventId, timestamp, body));
            }
            case HMAC_SHA256_HEX -> {
                headers.put(HUB_SIGNATURE, "sha256=" + hex(secret, body));
                if (previous != null) {
                    headers.put(HUB_SIGNATURE_PREVIOUS, "sha256=" + hex(previous, body));
                }
            }
        }
        return headers;
    }

    /** {@code v1,<base64 HMAC-SHA256(key, id.timestamp.body)>}, by the Standard Webhooks library. */
    static String standard(String secret, String eventId, long timestamp, String body) {
        try {
            return new Webhook(standardKey(secret)).sign(eventId, timestamp, body);
        } catch (WebhookSigningException e) {
            throw new IllegalStateException("Could not sign: " + e.getMessage(), e);
        }
    }

    /** The key bytes of a {@code whsec_} secret; any other secret (imported) is keyed by its UTF-8 bytes. */
    private static byte[] standardKey(String secret) {
        if (secret.startsWith(SECRET_PREFIX)) {
            try {
                return Base64.getDecoder().decode(secret.substring(SECRET_PREFIX.length()));
            } catch (IllegalArgumentException e) {
                // not base64 after all: the text itself is the key
            }
        }
        return secret.getBytes(StandardCharsets.UTF_8);
    }

    /** Hex HMAC-SHA256 of the body, keyed by the secret's UTF-8 bytes (what the legacy gateway's receivers check). */
    static String hex(String secret, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
