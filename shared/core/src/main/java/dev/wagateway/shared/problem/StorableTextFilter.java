package dev.wagateway.shared.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@link StorableText}'s rule for what every {@code /v1} route takes besides its body: each query
 * parameter (name and value) and the path. A refusal is a 400 {@code validation-failed} naming each. It
 * runs after the API key check, so an unauthenticated caller learns nothing about a route. JSON bodies
 * are held to the same rule where they are read ({@link StorableText#refuse}): a filter that reads the
 * body as well made Micronaut's Netty body buffer fail the route's own read of it.
 */
@ServerFilter("/v1/**")
public class StorableTextFilter implements Ordered {

    private final ProblemResponses problems;

    public StorableTextFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @RequestFilter
    public @Nullable HttpResponse<Problem> refuseUnstorableText(HttpRequest<?> request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        // The path as the route reads it: its segments decoded (a %00 in /v1/webhooks/%00 reached the
        // database as a NUL and answered 500).
        String pathProblem = StorableText.problem(decoded(request.getPath()));
        if (pathProblem != null) {
            errors.add(new Problem.FieldError("path", pathProblem));
        }
        for (Map.Entry<String, List<String>> parameter : request.getParameters().asMap().entrySet()) {
            String nameProblem = StorableText.problem(parameter.getKey());
            if (nameProblem != null) {
                errors.add(new Problem.FieldError("query", "has a parameter name that " + nameProblem));
                continue;
            }
            parameter.getValue().stream().map(StorableText::problem).filter(p -> p != null).findFirst()
                    .ifPresent(p -> errors.add(new Problem.FieldError(parameter.getKey(), p)));
        }
        if (errors.isEmpty()) {
            return null;
        }
        return problems.respond(request, ProblemType.VALIDATION_FAILED,
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors, Map.of());
    }

    /** The path percent-decoded as UTF-8 ('+' kept: a path has no form encoding); as sent when it is not valid percent-encoding. */
    static String decoded(String path) {
        if (path.indexOf('%') < 0) {
            return path;
        }
        try {
            return URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return path;
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
