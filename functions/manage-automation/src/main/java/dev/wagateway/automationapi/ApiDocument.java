package dev.wagateway.automationapi;

import dev.wagateway.shared.auth.ApiKeyFilter;
import dev.wagateway.shared.problem.ProblemDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * What this function's OpenAPI document (META-INF/swagger/manage-automation.yml, generated at compile
 * time) says about it as a whole; the routes are documented from the controllers and their javadoc.
 */
@OpenAPIDefinition(info = @Info(title = "wa-gateway automation (manage-automation)", version = "1.0", description = """
        The team's automatic answers: rules (keyword, regex, first message, any; by priority, the first that \
        fires answers, once per contact within the cooldown) and conversation flows (message, question, \
        condition, action, end nodes joined by edges), a dry run of what a message would trigger, and the \
        conversation sessions flows keep (list, end, release a handoff). Scopes: `automation:read`, `automation:write`.

        """ + ProblemDocs.ABOUT_ERRORS))
@SecurityScheme(name = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = ApiKeyFilter.SECURITY_SCHEME_DESCRIPTION)
final class ApiDocument {

    private ApiDocument() {
    }
}
