package dev.wagateway.webhooks;

import dev.wagateway.shared.auth.ApiKeyFilter;
import dev.wagateway.shared.problem.ProblemDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * What this function's OpenAPI document (META-INF/swagger/manage-webhooks.yml, generated at compile
 * time) says about it as a whole; the routes are documented from the controllers and their javadoc.
 */
@OpenAPIDefinition(info = @Info(title = "wa-gateway events and webhooks (manage-webhooks)", version = "1.0", description = """
        Every message, status, contact and template change is an event. Subscriptions (client webhooks) \
        get them pushed, signed (Standard Webhooks by default), at least once, retried for more than 24 hours; \
        GET /v1/events lists the same events for clients that pull. Scopes: `webhooks:manage`, `events:read`.

        """ + ProblemDocs.ABOUT_ERRORS))
@SecurityScheme(name = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = ApiKeyFilter.SECURITY_SCHEME_DESCRIPTION)
final class ApiDocument {

    private ApiDocument() {
    }
}
