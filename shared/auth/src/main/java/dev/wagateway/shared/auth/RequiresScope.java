package dev.wagateway.shared.auth;

import dev.wagateway.shared.problem.Problem;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The scope an API key needs for a {@code /v1/**} route (see {@link Scopes}). On a method or its
 * controller. A {@code /v1/**} route without it can only be called with a {@code *} key: a route
 * someone forgot to annotate stays closed rather than open.
 * <p>
 * It also tells the OpenAPI document what {@link ApiKeyFilter} does to every such route: the bearer
 * API key, and its 401, 403 and 429 answers.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@SecurityRequirement(name = ApiKeyFilter.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "No valid API key (`unauthorized`)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "403", description = "The API key lacks this route's scope (`forbidden`)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@ApiResponse(responseCode = "429", description = "Too many requests: the API key's limit per minute (`rate-limited`) or, on a route "
        + "that calls WhatsApp, Meta's (`whatsapp-rate-limited`); try again after `Retry-After` seconds",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public @interface RequiresScope {
    String value();
}
