package dev.wagateway.shared.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Keys made here look like {@code wak_<ULID>_<secret>}: a recognisable prefix (secret scanners can
 * match it), the public id of the stored row (the ULID of {@code key_<ULID>}), and 256 random bits.
 * Only the SHA-256 of the whole key is stored: the secret is random, so a slow hash adds nothing.
 */
public final class ApiKeyFormat {

    public static final String PREFIX = "wak_";
    private static final int ULID_LENGTH = 26;
    private static final Pattern NEW_FORMAT = Pattern.compile("wak_[0-9A-HJKMNP-TV-Z]{26}_[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    /** A new key for the row {@code rowId} ({@code key_<ULID>}). */
    public static String newKey(String rowId) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        return PREFIX + rowId.substring(rowId.indexOf('_') + 1) + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** The row id a new-format key names; empty for anything else (legacy keys included). */
    public static Optional<String> rowIdOf(String presented) {
        if (!NEW_FORMAT.matcher(presented).matches()) {
            return Optional.empty();
        }
        return Optional.of("key_" + presented.substring(PREFIX.length(), PREFIX.length() + ULID_LENGTH));
    }

    public static String sha256Hex(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Compares two hashes in time that does not depend on where they differ. */
    public static boolean sameHash(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
