package dev.wagateway.media;

import dev.wagateway.shared.auth.ApiKeyFilter;
import dev.wagateway.shared.problem.ProblemDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * What this function's OpenAPI document (META-INF/swagger/media.yml, generated at compile time) says about it
 * as a whole; the routes are documented from the controller and its javadoc.
 */
@OpenAPIDefinition(info = @Info(title = "wa-gateway media (media)", version = "1.0", description = """
        Media files: what customers sent (kept in the gateway's own bucket once the media job has fetched them from \
        Meta), files uploaded to send, and the legacy gateway's media. A file is served by a redirect to a short-lived \
        link of the bucket, so the team's apps never hold Meta's token. Every route needs an API key with the scope it names.

        """ + ProblemDocs.ABOUT_ERRORS))
@SecurityScheme(name = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = ApiKeyFilter.SECURITY_SCHEME_DESCRIPTION)
final class ApiDocument {

    private ApiDocument() {
    }
}
