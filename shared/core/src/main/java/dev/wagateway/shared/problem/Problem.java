package dev.wagateway.shared.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.net.URI;
import java.util.List;

/**
 * An {@code application/problem+json} body (RFC 9457).
 *
 * @param type          stable URI of the kind of error
 * @param title         summary of that kind
 * @param status        the HTTP status code
 * @param detail        what went wrong this time, for a person
 * @param errors        for validation errors: each invalid field and why
 * @param correlationId ties the answer to the log lines of the request (JSON {@code correlation_id})
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(URI type,
                      String title,
                      int status,
                      @Nullable String detail,
                      @Nullable List<FieldError> errors,
                      @Nullable String correlationId) {

    public static final String MEDIA_TYPE = "application/problem+json";

    /**
     * One invalid input.
     *
     * @param field   the field's path in the request (for example {@code to} or {@code template.language})
     * @param message why it is not valid
     */
    @Serdeable
    public record FieldError(String field, String message) {
    }
}
