package dev.wagateway.shared.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * {@link StorableText}'s rule, applied once for every {@code /v1} route: each query parameter (name and
 * value), the path, and every string of a JSON body. A refusal is a 400 {@code validation-failed} naming
 * each field. It runs after the API key check, so an unauthenticated caller learns nothing about a route.
 * A body that is not JSON passes untouched: the route itself says it cannot read it.
 */
@ServerFilter("/v1/**")
public class StorableTextFilter implements Ordered {

    private final JsonMapper json;
    private final ProblemResponses problems;

    public StorableTextFilter(JsonMapper json, ProblemResponses problems) {
        this.json = json;
        this.problems = problems;
    }

    // On its own thread: once the body is in, the rest of the request must not run inside the callback
    // that delivered it (the route binds the body again, and Micronaut's body buffer is not re-entrant).
    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<Problem> refuseUnstorableText(HttpRequest<?> request, @Body @Nullable byte[] body) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String pathProblem = StorableText.problem(request.getPath());
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
        if (body != null && body.length > 0 && isJson(request)) {
            jsonBody(body).ifPresent(document -> errors.addAll(StorableText.check(document)));
        }
        if (errors.isEmpty()) {
            return null;
        }
        return problems.respond(request, ProblemType.VALIDATION_FAILED,
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors, Map.of());
    }

    private static boolean isJson(HttpRequest<?> request) {
        return request.getContentType().map(MediaType::getSubtype).map(s -> s.equals("json") || s.endsWith("+json")).orElse(true);
    }

    private Optional<JsonNode> jsonBody(byte[] body) {
        try {
            return Optional.ofNullable(json.readValue(body, JsonNode.class));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.after();
    }
}
