package dev.wagateway.shared.id;

import com.github.f4b6a3.ulid.UlidFactory;

import java.security.SecureRandom;

/**
 * New row ids: a prefix that says what the row is, then a ULID.
 *
 * <p>ULIDs start with the time in milliseconds and are monotonic within a JVM, so new ids sort in
 * creation order and land at the right edge of the primary-key index instead of at random pages.
 */
public enum Ids {
    CONTACT("contact"),
    MESSAGE("msg"),
    TEMPLATE("tmpl"),
    API_KEY("key"),
    WEBHOOK("wh"),
    IMPORT_RUN("imp"),
    MEDIA("media");

    // Replaced after a SnapStart restore (reseed): instances restored from one snapshot must not share its state.
    private static volatile UlidFactory factory = UlidFactory.newMonotonicInstance(new SecureRandom());

    private final String prefix;

    Ids(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    public String next() {
        return prefix + "_" + factory.create();
    }

    /** A new generator with fresh random state (after a SnapStart restore: FreshRandomness). */
    public static void reseed() {
        factory = UlidFactory.newMonotonicInstance(new SecureRandom());
    }

    /** Whether {@code id} looks like one of ours, before it is used in a query. */
    public boolean matches(String id) {
        return id != null && id.length() > prefix.length() + 1 && id.startsWith(prefix + "_");
    }
}
