package dev.wagateway.shared.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import jakarta.inject.Named;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.stream.Collectors;

/**
 * {@link StorableText}'s rule, applied once for every {@code /v1} route: each query parameter (name and
 * value), the path, and every string of a JSON body. A refusal is a 400 {@code validation-failed} naming
 * each field. It runs after the API key check, so an unauthenticated caller learns nothing about a route.
 * A body that is not JSON passes untouched: the route itself says it cannot read it.
 *
 * <p>The body is read from a split of it, so the route still reads it whole; and the rest of the request
 * goes on on a worker thread, never inside the callback that delivered the body (Micronaut's body buffer
 * is not re-entrant: a route binding the body there trips it).
 */
@ServerFilter("/v1/**")
public class StorableTextFilter implements Ordered {

    private final JsonMapper json;
    private final ProblemResponses problems;
    private final ExecutorService worker;

    public StorableTextFilter(JsonMapper json, ProblemResponses problems, @Named(TaskExecutors.BLOCKING) ExecutorService worker) {
        this.json = json;
        this.problems = problems;
        this.worker = worker;
    }

    @RequestFilter
    public CompletableFuture<@Nullable HttpResponse<Problem>> refuseUnstorableText(HttpRequest<?> request) {
        if (!(request instanceof ServerHttpRequest<?> server) || !isJson(request)) {
            return CompletableFuture.completedFuture(refusal(request, (byte[]) null));
        }
        CompletableFuture<? extends CloseableAvailableByteBody> body = server.byteBody().split().buffer();
        if (body.isDone()) {
            // Already here (always so behind API Gateway, whose handler needs the answer at once).
            return CompletableFuture.completedFuture(read(request, body.join()));
        }
        return body.thenApplyAsync(read -> read(request, read), worker);
    }

    private @Nullable HttpResponse<Problem> read(HttpRequest<?> request, CloseableAvailableByteBody body) {
        try (body) {
            return refusal(request, body.toByteArray());
        }
    }

    private @Nullable HttpResponse<Problem> refusal(HttpRequest<?> request, byte[] body) {
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
        if (body != null && body.length > 0) {
            jsonBody(body).ifPresent(document -> errors.addAll(StorableText.check(document)));
        }
        if (errors.isEmpty()) {
            return null;
        }
        return problems.respond(request, ProblemType.VALIDATION_FAILED,
                errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors, Map.of());
    }

    /** A body to look into: JSON, or no content type named (a route that takes JSON may still get it). */
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
