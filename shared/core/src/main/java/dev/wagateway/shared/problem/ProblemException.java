package dev.wagateway.shared.problem;

import java.util.List;
import java.util.Map;

/**
 * Throw to answer with a problem of a given kind. The detail is shown to the caller: never put a
 * secret, a stack trace or another caller's data in it.
 */
public class ProblemException extends RuntimeException {

    private final ProblemType problemType;
    private final String detail;
    private final List<Problem.FieldError> errors;
    private final Map<String, String> headers;

    public ProblemException(ProblemType problemType, String detail) {
        this(problemType, detail, List.of(), Map.of());
    }

    public ProblemException(ProblemType problemType, String detail, List<Problem.FieldError> errors, Map<String, String> headers) {
        super(problemType.slug() + ": " + detail, null, false, false);
        this.problemType = problemType;
        this.detail = detail;
        this.errors = List.copyOf(errors);
        this.headers = Map.copyOf(headers);
    }

    /** A validation error on one field. */
    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION_FAILED, field + ": " + message,
                List.of(new Problem.FieldError(field, message)), Map.of());
    }

    public ProblemType problemType() {
        return problemType;
    }

    public String detail() {
        return detail;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    /** Headers the answer must carry, such as {@code Retry-After} or {@code WWW-Authenticate}. */
    public Map<String, String> headers() {
        return headers;
    }
}
