package dev.wagateway.listtemplates;

import dev.wagateway.shared.auth.ApiKeyFilter;
import dev.wagateway.shared.problem.ProblemDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * What this function's OpenAPI document (META-INF/swagger/list-templates.yml, generated at compile
 * time) says about it as a whole; the routes are documented from the controller and its javadoc.
 */
@OpenAPIDefinition(info = @Info(title = "wa-gateway templates (list-templates)", version = "1.0", description = """
        The WhatsApp message templates of the business account, as last pulled from Meta (on a schedule, or \
        on demand with the sync route). Every route needs an API key with the scope it names.

        """ + ProblemDocs.ABOUT_ERRORS))
@SecurityScheme(name = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = ApiKeyFilter.SECURITY_SCHEME_DESCRIPTION)
final class ApiDocument {

    private ApiDocument() {
    }
}
