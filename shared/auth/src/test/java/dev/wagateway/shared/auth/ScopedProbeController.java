package dev.wagateway.shared.auth;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;

import java.util.Map;

/** /v1 routes with and without a declared scope, to test the API key filter. */
@Controller("/v1/probe")
class ScopedProbeController {

    @Get("/messages")
    @RequiresScope(Scopes.MESSAGES_READ)
    Map<String, String> messages(HttpRequest<?> request) {
        AuthenticatedKey key = request.getAttribute(ApiKeyFilter.AUTHENTICATED_KEY, AuthenticatedKey.class).orElseThrow();
        return Map.of("keyId", key.id(), "name", key.name());
    }

    @Get("/unscoped")
    Map<String, String> unscoped() {
        return Map.of("ok", "yes");
    }
}
