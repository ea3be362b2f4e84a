package dev.wagateway.shared.whatsapp;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;
import java.util.Optional;

/**
 * Meta's Graph API answered with an error body ({@code {"error": {...}}}) or a bare HTTP error.
 * The message holds Meta's words and ids, never the access token.
 *
 * @see <a href="https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes">error codes</a>
 */
public final class GraphApiException extends RuntimeException {

    private final int httpStatus;
    private final int code;
    private final Integer subcode;
    private final String metaMessage;
    private final String details;
    private final String fbtraceId;
    private final Duration retryAfter;

    public GraphApiException(int httpStatus, int code, @Nullable Integer subcode, @Nullable String metaMessage,
                             @Nullable String details, @Nullable String fbtraceId, @Nullable Duration retryAfter) {
        super("Graph API answered HTTP " + httpStatus + ", code " + code + (subcode == null ? "" : "/" + subcode)
                + (fbtraceId == null ? "" : ", fbtrace_id " + fbtraceId) + ": " + metaMessage
                + (details == null ? "" : " (" + details + ")"), null, false, false);
        this.httpStatus = httpStatus;
        this.code = code;
        this.subcode = subcode;
        this.metaMessage = metaMessage;
        this.details = details;
        this.fbtraceId = fbtraceId;
        this.retryAfter = retryAfter;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Meta's error code (0 when the answer had no error body). */
    public int code() {
        return code;
    }

    public Optional<Integer> subcode() {
        return Optional.ofNullable(subcode);
    }

    /** Meta's {@code error.message}, such as {@code (#131047) Re-engagement message}. */
    public Optional<String> metaMessage() {
        return Optional.ofNullable(metaMessage);
    }

    /** Meta's {@code error.error_data.details}: the most specific explanation it gives. */
    public Optional<String> details() {
        return Optional.ofNullable(details);
    }

    public Optional<String> fbtraceId() {
        return Optional.ofNullable(fbtraceId);
    }

    /** The wait Meta asked for in a {@code Retry-After} header, when it sent one. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }

    /** Worth another try: Meta's servers failed, or the number's throughput was reached for a moment. */
    public boolean retryable() {
        return httpStatus >= 500 || code == GraphErrorCodes.THROUGHPUT;
    }
}
