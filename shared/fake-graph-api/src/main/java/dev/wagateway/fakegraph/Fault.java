package dev.wagateway.fakegraph;

import java.time.Duration;

/**
 * How the fake answers one request instead of normally. Queue them with {@link FakeGraphApi#enqueue}.
 *
 * @param kind       what happens
 * @param errorCode  Meta's error code whose body is sent ({@link Kind#META_ERROR})
 * @param httpStatus the HTTP status sent with it
 * @param delay      how long the fake waits before answering ({@link Kind#SLOW})
 */
public record Fault(Kind kind, int errorCode, int httpStatus, Duration delay) {

    public enum Kind {
        /** Answer this request normally: lets a later fault hit a later request. */
        PASS,
        /** One of Meta's error bodies. */
        META_ERROR,
        /** Wait, then answer normally. */
        SLOW,
        /** Read the request, then close the connection without a word. */
        DROP
    }

    /** Answers normally. */
    public static Fault pass() {
        return new Fault(Kind.PASS, 0, 200, Duration.ZERO);
    }

    /**
     * Meta's error body for {@code code} (100, 190, 130429, 131047, 131056, 132000, 132001, 132012,
     * 131026, 80007, 80008) with the status Meta sends it with: 401 for a bad token, else 400.
     */
    public static Fault metaError(int code) {
        return new Fault(Kind.META_ERROR, code, code == 190 ? 401 : 400, Duration.ZERO);
    }

    /** A bare HTTP 429 (Graph's application rate limit) or 500 (Graph's unknown error). */
    public static Fault httpStatus(int status) {
        if (status != 429 && status != 500) {
            throw new IllegalArgumentException("the fake knows HTTP 429 and 500, not " + status);
        }
        return new Fault(Kind.META_ERROR, status == 429 ? 4 : 1, status, Duration.ZERO);
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, 0, 200, delay);
    }

    public static Fault drop() {
        return new Fault(Kind.DROP, 0, 0, Duration.ZERO);
    }
}
