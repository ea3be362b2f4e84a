package dev.wagateway.shared.auth;

import dev.wagateway.shared.apikey.ApiKey;
import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemResponses;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.web.router.RouteAttributes;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Every {@code /v1/**} request needs an API key ({@code Authorization: Bearer <key>}) that grants
 * the route's {@link RequiresScope scope} and is within its rate limit. A refused key gets the same
 * 401 whatever was wrong with it, so a caller learns nothing about which keys exist.
 */
@ServerFilter("/v1/**")
public class ApiKeyFilter implements Ordered {

    /** Request attribute holding the {@link AuthenticatedKey} of an accepted request. */
    public static final String AUTHENTICATED_KEY = AuthenticatedKey.class.getName();
    /** The API key's security scheme in the functions' OpenAPI documents: its name and what it says. */
    public static final String SECURITY_SCHEME = "api_key";
    public static final String SECURITY_SCHEME_DESCRIPTION = "An API key (`wak_<id>_<secret>`, made with `db-migrate api-keys create`) "
            + "as `Authorization: Bearer <key>`. Each key has scopes and a rate limit per minute; every answer to an accepted "
            + "key carries `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset`.";
    private static final String RATE_LIMIT_DECISION = RateLimiter.Decision.class.getName();
    private static final String BEARER = "bearer ";
    private static final String UNAUTHORIZED_DETAIL = "Send a valid API key as 'Authorization: Bearer <key>'.";

    private final ApiKeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;
    private final ProblemResponses problems;

    public ApiKeyFilter(ApiKeyAuthenticator authenticator, RateLimiter rateLimiter, ProblemResponses problems) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
        this.problems = problems;
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    public HttpResponse<Problem> authorize(HttpRequest<?> request) {
        Optional<ApiKey> key = bearerToken(request).flatMap(authenticator::authenticate);
        if (key.isEmpty()) {
            return problems.respond(request, ProblemType.UNAUTHORIZED, UNAUTHORIZED_DETAIL, List.of(),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"wa-gateway\""));
        }
        String required = requiredScope(request);
        if (required != null && !Scopes.grants(key.get().permissions(), required)) {
            return problems.respond(request, ProblemType.FORBIDDEN, "This API key lacks the scope '" + required + "'.", List.of(), Map.of());
        }
        RateLimiter.Decision decision = rateLimiter.count(key.get().id(), key.get().rateLimit());
        request.setAttribute(RATE_LIMIT_DECISION, decision);
        if (!decision.allowed()) {
            MutableHttpResponse<Problem> tooMany = problems.respond(request, ProblemType.RATE_LIMITED,
                    "This API key may make " + decision.limit() + " requests a minute; try again in "
                            + decision.resetSeconds() + " s.", List.of(),
                    Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(decision.resetSeconds())));
            return withRateLimitHeaders(tooMany, decision);
        }
        ApiKey accepted = key.get();
        request.setAttribute(AUTHENTICATED_KEY,
                new AuthenticatedKey(accepted.id(), accepted.name(), List.copyOf(accepted.permissions()), accepted.rateLimit()));
        return null;
    }

    @ResponseFilter
    public void rateLimitHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        request.getAttribute(RATE_LIMIT_DECISION, RateLimiter.Decision.class)
                .filter(RateLimiter.Decision::allowed)
                .ifPresent(decision -> withRateLimitHeaders(response, decision));
    }

    private static <T> MutableHttpResponse<T> withRateLimitHeaders(MutableHttpResponse<T> response, RateLimiter.Decision decision) {
        response.header("RateLimit-Policy", decision.limit() + ";w=" + RateLimiter.WINDOW.toSeconds());
        response.header("RateLimit", "limit=" + decision.limit() + ", remaining=" + decision.remaining()
                + ", reset=" + decision.resetSeconds());
        response.header("RateLimit-Limit", String.valueOf(decision.limit()));
        response.header("RateLimit-Remaining", String.valueOf(decision.remaining()));
        response.header("RateLimit-Reset", String.valueOf(decision.resetSeconds()));
        return response;
    }

    static Optional<String> bearerToken(HttpRequest<?> request) {
        String authorization = request.getHeaders().get(HttpHeaders.AUTHORIZATION);
        if (authorization == null || authorization.length() <= BEARER.length()
                || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        String token = authorization.substring(BEARER.length()).trim();
        return token.isEmpty() || token.contains(" ") ? Optional.empty() : Optional.of(token);
    }

    /**
     * The route's scope; a {@code /v1/**} route that names none needs a key with every scope. Null when
     * no route matches: any valid key then gets the router's own 404 or 405, not a 403 for a scope.
     */
    @Nullable
    private static String requiredScope(HttpRequest<?> request) {
        return RouteAttributes.getRouteMatch(request)
                .map(match -> match.getAnnotationMetadata().stringValue(RequiresScope.class).orElse(Scopes.ALL))
                .orElse(null);
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.SECURITY.order();
    }
}
