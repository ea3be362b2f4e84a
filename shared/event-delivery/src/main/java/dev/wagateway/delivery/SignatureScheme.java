package dev.wagateway.delivery;

import java.util.Arrays;
import java.util.Optional;

/** How a subscription's deliveries are signed. */
public enum SignatureScheme {
    /**
     * Standard Webhooks: {@code webhook-id}, {@code webhook-timestamp} and
     * {@code webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>}; the default for new subscriptions.
     */
    STANDARD("standard"),
    /**
     * The legacy gateway's: {@code X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the body>}, keyed by the
     * secret's UTF-8 bytes; the default for imported subscriptions, whose receivers verify it.
     */
    HMAC_SHA256_HEX("hmac-sha256-hex");

    private final String wireName;

    SignatureScheme(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<SignatureScheme> fromWire(String name) {
        return Arrays.stream(values()).filter(s -> s.wireName.equals(name)).findFirst();
    }
}
