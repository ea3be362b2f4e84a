package dev.wagateway.webhook;

import io.micronaut.core.annotation.Nullable;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Meta's {@code X-Hub-Signature-256: sha256=<hex>}: HMAC-SHA256 of the body's bytes as received,
 * keyed with the app secret. Checked over the raw bytes only: Meta signs its own serialisation
 * ({@code \u00e9}, {@code \/}), which re-serialised JSON would not reproduce.
 */
final class WebhookSignature {

    static final String HEADER = "X-Hub-Signature-256";
    private static final String PREFIX = "sha256=";
    private static final String ALGORITHM = "HmacSHA256";

    /**
     * Initialised with the key once; each signature is made on a clone (a Mac is not thread-safe), which skips the
     * provider lookup and the key set-up that {@code Mac.getInstance} and {@code init} cost on every delivery.
     */
    private final Mac keyed;

    WebhookSignature(String appSecret) {
        try {
            keyed = Mac.getInstance(ALGORITHM);
            keyed.init(new SecretKeySpec(appSecret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Whether {@code header} is the signature of {@code body}; compared in constant time. */
    boolean matches(@Nullable String header, byte[] body) {
        if (header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] claimed;
        try {
            claimed = HexFormat.of().parseHex(header.trim().substring(PREFIX.length()));
        } catch (IllegalArgumentException notHex) {
            return false;
        }
        return MessageDigest.isEqual(sign(body), claimed);
    }

    /** The header Meta would send with {@code body} under this key (the SnapStart priming signs with a key of its own). */
    String header(byte[] body) {
        return PREFIX + HexFormat.of().formatHex(sign(body));
    }

    private byte[] sign(byte[] body) {
        try {
            return ((Mac) keyed.clone()).doFinal(body);
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("The JDK's HMAC-SHA256 is cloneable; this one is not", e);
        }
    }
}
