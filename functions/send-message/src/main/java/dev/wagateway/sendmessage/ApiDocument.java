package dev.wagateway.sendmessage;

import dev.wagateway.shared.auth.ApiKeyFilter;
import dev.wagateway.shared.problem.ProblemDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * What this function's OpenAPI document (META-INF/swagger/send-message.yml, generated at compile
 * time) says about it as a whole; the routes are documented from the controller and its javadoc.
 */
@OpenAPIDefinition(info = @Info(title = "wa-gateway messages (send-message)", version = "1.0", description = """
        Sends WhatsApp messages through Meta's Cloud API (text, template, media, reaction; the payload in \
        Meta's shape under the name of its type) and lists the messages sent and received. Every route needs \
        an API key with the scope it names.

        """ + ProblemDocs.ABOUT_ERRORS))
@SecurityScheme(name = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = ApiKeyFilter.SECURITY_SCHEME_DESCRIPTION)
final class ApiDocument {

    private ApiDocument() {
    }
}
