package dev.wagateway.shared.problem;

import io.micronaut.core.convert.exceptions.ConversionErrorException;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Every error that Micronaut itself answers (validation, unreadable body, unknown route, wrong
 * method or content type, unhandled exception) as {@code application/problem+json} with a stable
 * type. Server errors never show their cause: it may hold internals, and it is in the log.
 */
@Singleton
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    private static final java.util.regex.Pattern CAMEL_HUMP = java.util.regex.Pattern.compile("([a-z0-9])([A-Z])");
    static final String SERVER_ERROR_DETAIL =
            "Something went wrong on our side. It has been logged; quote the correlationId when you report it.";

    private final ProblemResponses responses;

    public ProblemErrorResponseProcessor(ProblemResponses responses) {
        this.responses = responses;
    }

    @Override
    public MutableHttpResponse<Problem> processResponse(ErrorContext context, MutableHttpResponse<?> baseResponse) {
        HttpStatus status = baseResponse.status();
        Throwable cause = context.getRootCause().orElse(null);
        MutableHttpResponse<Problem> response;
        if (cause instanceof ConstraintViolationException violations) {
            List<Problem.FieldError> errors = fieldErrors(violations);
            response = responses.respond(context.getRequest(), ProblemType.VALIDATION_FAILED, summary(errors), errors, Map.of());
        } else if (status.getCode() >= 500) {
            response = responses.respond(context.getRequest(), ProblemType.forStatus(status), SERVER_ERROR_DETAIL, List.of(), Map.of());
        } else if (status == HttpStatus.BAD_REQUEST && cause instanceof ConversionErrorException conversion) {
            String field = conversion.getArgument().getName();
            String message = "could not be read as " + conversion.getArgument().getType().getSimpleName();
            response = responses.respond(context.getRequest(), ProblemType.MALFORMED_REQUEST, field + ": " + message,
                    List.of(new Problem.FieldError(field, message)), Map.of());
        } else {
            response = responses.respond(context.getRequest(), ProblemType.forStatus(status), detail(context, status), List.of(), Map.of());
        }
        baseResponse.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase("Content-Type") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(value -> response.header(name, value));
            }
        });
        return response;
    }

    private static String detail(ErrorContext context, HttpStatus status) {
        String messages = context.getErrors().stream().map(Error::getMessage).collect(Collectors.joining("; "));
        return messages.isBlank() ? status.getReason() : messages;
    }

    private static String summary(List<Problem.FieldError> errors) {
        return errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; "));
    }

    static List<Problem.FieldError> fieldErrors(ConstraintViolationException exception) {
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<?> violation : exception.getConstraintViolations()) {
            errors.add(new Problem.FieldError(fieldPath(violation.getPropertyPath()), violation.getMessage()));
        }
        errors.sort(Comparator.comparing(Problem.FieldError::field).thenComparing(Problem.FieldError::message));
        return errors;
    }

    /**
     * {@code send.request.template.language} as the caller knows it: {@code template.language}.
     * The method and the body parameter are ours, not the caller's; a query parameter keeps its name.
     */
    static String fieldPath(Path path) {
        List<String> property = new ArrayList<>();
        String parameter = null;
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.PARAMETER) {
                parameter = node.getName();
            } else if (node.getKind() == ElementKind.PROPERTY || node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                // A node inside a list or map carries the position of the element it is in.
                if (node.isInIterable() && !property.isEmpty()) {
                    Object position = node.getIndex() != null ? node.getIndex() : node.getKey();
                    if (position != null) {
                        property.set(property.size() - 1, property.getLast() + "[" + position + "]");
                    }
                }
                if (node.getName() != null && !node.getName().startsWith("<")) {
                    property.add(snakeCase(node.getName()));
                }
            }
        }
        if (!property.isEmpty()) {
            return String.join(".", property);
        }
        return parameter != null ? parameter : path.toString();
    }

    /** Request bodies are snake_case JSON: name a field as the caller wrote it. */
    private static String snakeCase(String javaName) {
        return CAMEL_HUMP.matcher(javaName).replaceAll("$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
