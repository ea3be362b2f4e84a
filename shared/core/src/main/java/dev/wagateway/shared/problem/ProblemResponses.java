package dev.wagateway.shared.problem;

import dev.wagateway.shared.logging.CorrelationId;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

/** Turns a kind of error and its detail into the HTTP answer every function gives. */
@Singleton
public class ProblemResponses {

    public MutableHttpResponse<Problem> respond(HttpRequest<?> request, ProblemType type, String detail,
                                                List<Problem.FieldError> errors, Map<String, String> headers) {
        Problem problem = new Problem(type.type(), type.title(), type.status().getCode(), detail,
                errors.isEmpty() ? null : errors, CorrelationId.of(request).orElse(null));
        MutableHttpResponse<Problem> response = HttpResponse.<Problem>status(type.status())
                .contentType(Problem.MEDIA_TYPE)
                .body(problem);
        headers.forEach(response::header);
        return response;
    }

    public MutableHttpResponse<Problem> respond(HttpRequest<?> request, ProblemException exception) {
        return respond(request, exception.problemType(), exception.detail(), exception.errors(), exception.headers());
    }
}
