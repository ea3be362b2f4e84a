package dev.wagateway.webhook;

import dev.wagateway.shared.problem.ProblemDocs;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;

/**
 * What this function's OpenAPI document (META-INF/swagger/receive-webhook.yml, generated at compile
 * time) says about it as a whole; the routes are documented from the controller and its javadoc.
 */
@OpenAPIDefinition(info = @Info(title = "wa-gateway WhatsApp webhook (receive-webhook)", version = "1.0", description = """
        The callback URL Meta calls: its verification handshake, and signed deliveries of inbound messages \
        and delivery statuses. No API key: a delivery is authenticated by Meta's `X-Hub-Signature-256`, the \
        handshake by the verify token.

        """ + ProblemDocs.ABOUT_ERRORS))
final class ApiDocument {

    private ApiDocument() {
    }
}
