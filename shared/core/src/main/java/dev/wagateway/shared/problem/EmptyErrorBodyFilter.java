package dev.wagateway.shared.problem;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.util.List;
import java.util.Map;

/**
 * An error answered without a body by a filter that is not ours (Micronaut's guard against drive-by
 * requests to a server on localhost answers 403 to a foreign {@code Origin} with nothing in it) still
 * gets its {@code application/problem+json}, like every other error. Runs first, so its response step
 * sees what the later filters answered.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class EmptyErrorBodyFilter implements Ordered {

    private final ProblemResponses problems;

    public EmptyErrorBodyFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @ResponseFilter
    public MutableHttpResponse<?> problemForEmptyError(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.code() < 400 || response.getBody().isPresent() || request.getMethodName().equals("HEAD")) {
            return response;
        }
        ProblemType type = ProblemType.forStatus(response.status());
        String detail = response.code() == 403 && request.getHeaders().contains(HttpHeaders.ORIGIN)
                ? "Requests from the origin " + request.getHeaders().get(HttpHeaders.ORIGIN) + " are refused here."
                : type.title();
        MutableHttpResponse<Problem> problem = problems.respond(request, type, detail, List.of(), Map.of());
        response.getHeaders().forEach((name, values) -> {
            if (!name.equalsIgnoreCase(HttpHeaders.CONTENT_TYPE) && !name.equalsIgnoreCase(HttpHeaders.CONTENT_LENGTH)) {
                values.forEach(value -> problem.header(name, value));
            }
        });
        return problem;
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.after();
    }
}
