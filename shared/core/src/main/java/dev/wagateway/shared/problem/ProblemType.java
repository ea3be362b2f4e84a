package dev.wagateway.shared.problem;

import io.micronaut.http.HttpStatus;

import java.net.URI;

/**
 * A kind of error, with the stable {@code type} URI that callers can switch on (RFC 9457).
 * Functions declare their own kinds beside these common ones.
 *
 * @param slug   the last part of the type URI; never changes once published
 * @param status the HTTP status this kind of error answers with
 * @param title  a short summary that is the same for every occurrence
 */
public record ProblemType(String slug, HttpStatus status, String title) {

    public static final String TYPE_PREFIX = "urn:wa-gateway:problem:";

    public static final ProblemType VALIDATION_FAILED = new ProblemType("validation-failed", HttpStatus.BAD_REQUEST, "The request is not valid");
    public static final ProblemType MALFORMED_REQUEST = new ProblemType("malformed-request", HttpStatus.BAD_REQUEST, "The request could not be read");
    public static final ProblemType INVALID_CURSOR = new ProblemType("invalid-cursor", HttpStatus.BAD_REQUEST, "The cursor is not valid");
    public static final ProblemType UNAUTHORIZED = new ProblemType("unauthorized", HttpStatus.UNAUTHORIZED, "A valid API key is required");
    public static final ProblemType FORBIDDEN = new ProblemType("forbidden", HttpStatus.FORBIDDEN, "The API key may not do this");
    public static final ProblemType NOT_FOUND = new ProblemType("not-found", HttpStatus.NOT_FOUND, "Not found");
    public static final ProblemType METHOD_NOT_ALLOWED = new ProblemType("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed");
    public static final ProblemType NOT_ACCEPTABLE = new ProblemType("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "No acceptable representation");
    public static final ProblemType CONFLICT = new ProblemType("conflict", HttpStatus.CONFLICT, "The request conflicts with the stored state");
    public static final ProblemType PAYLOAD_TOO_LARGE = new ProblemType("payload-too-large", HttpStatus.REQUEST_ENTITY_TOO_LARGE, "The request body is too large");
    public static final ProblemType UNSUPPORTED_MEDIA_TYPE = new ProblemType("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported content type");
    public static final ProblemType RATE_LIMITED = new ProblemType("rate-limited", HttpStatus.TOO_MANY_REQUESTS, "Too many requests");
    public static final ProblemType INTERNAL_ERROR = new ProblemType("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");
    public static final ProblemType SERVICE_UNAVAILABLE = new ProblemType("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Temporarily unavailable");

    public URI type() {
        return URI.create(TYPE_PREFIX + slug);
    }

    /** The common kind for a status that no code of ours chose a kind for. */
    public static ProblemType forStatus(HttpStatus status) {
        return switch (status) {
            case BAD_REQUEST -> MALFORMED_REQUEST;
            case UNAUTHORIZED -> UNAUTHORIZED;
            case FORBIDDEN -> FORBIDDEN;
            case NOT_FOUND -> NOT_FOUND;
            case METHOD_NOT_ALLOWED -> METHOD_NOT_ALLOWED;
            case NOT_ACCEPTABLE -> NOT_ACCEPTABLE;
            case CONFLICT -> CONFLICT;
            case REQUEST_ENTITY_TOO_LARGE -> PAYLOAD_TOO_LARGE;
            case UNSUPPORTED_MEDIA_TYPE -> UNSUPPORTED_MEDIA_TYPE;
            case TOO_MANY_REQUESTS -> RATE_LIMITED;
            case SERVICE_UNAVAILABLE -> SERVICE_UNAVAILABLE;
            default -> status.getCode() >= 500
                    ? INTERNAL_ERROR
                    : new ProblemType("http-" + status.getCode(), status, status.getReason());
        };
    }
}
