package dev.wagateway.contacts;

import dev.wagateway.shared.auth.ApiKeyFilter;
import dev.wagateway.shared.problem.ProblemDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

/**
 * What this function's OpenAPI document (META-INF/swagger/upsert-contact.yml, generated at compile
 * time) says about it as a whole; the routes are documented from the controller and its javadoc.
 */
@OpenAPIDefinition(info = @Info(title = "wa-gateway contacts (upsert-contact)", version = "1.0", description = """
        The contacts a team messages, each known by a phone, a WhatsApp business-scoped user id (BSUID, \
        such as US.13491208655302741918: a user with a username may withhold their phone), or both: create \
        or update by phone (any common spelling, stored as E.164) or BSUID, read and soft-delete by id, phone \
        or BSUID, search by name, username, phone or BSUID. Every route needs an API key with \
        the scope it names.

        """ + ProblemDocs.ABOUT_ERRORS))
@SecurityScheme(name = ApiKeyFilter.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = ApiKeyFilter.SECURITY_SCHEME_DESCRIPTION)
final class ApiDocument {

    private ApiDocument() {
    }
}
