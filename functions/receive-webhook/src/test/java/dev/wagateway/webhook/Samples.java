package dev.wagateway.webhook;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Meta's sample deliveries (src/test/resources/webhooks, byte for byte as Meta serialises them), signed. */
final class Samples {

    static final String APP_SECRET = "test-app-secret-\u00e9";
    static final String VERIFY_TOKEN = "test-verify-token";

    /** The wamids in the samples, to find their rows. */
    static final String TEXT_WAMID = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ01RgA=";
    static final String OUTBOUND_WAMID = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ20RgA=";
    static final String FAILED_WAMID = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ21RgA=";
    static final String CUSTOMER = "+16505551234";

    private static final Map<String, byte[]> CACHE = new ConcurrentHashMap<>();

    private Samples() {
    }

    /** Credentials for a test context. */
    static Map<String, String> credentials() {
        return Map.of("whatsapp.webhook.verify-token", VERIFY_TOKEN, "whatsapp.webhook.app-secret", APP_SECRET);
    }

    static byte[] bytes(String name) {
        return CACHE.computeIfAbsent(name, Samples::read).clone();
    }

    private static byte[] read(String name) {
        try (InputStream input = Samples.class.getResourceAsStream("/webhooks/" + name + ".json")) {
            if (input == null) {
                throw new IllegalArgumentException("No sample " + name);
            }
            return input.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample with some of its text replaced (ids, timestamps), still Meta's bytes otherwise. */
    static byte[] bytes(String name, String... replacements) {
        String text = new String(bytes(name), StandardCharsets.UTF_8);
        for (int i = 0; i < replacements.length; i += 2) {
            if (!text.contains(replacements[i])) {
                throw new IllegalArgumentException(name + " has no " + replacements[i]);
            }
            text = text.replace(replacements[i], replacements[i + 1]);
        }
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static String sign(byte[] body) {
        return sign(body, APP_SECRET);
    }

    static String sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
