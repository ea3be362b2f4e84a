package dev.wagateway.listtemplates;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;

import static dev.wagateway.shared.snapstart.PrimingEvents.request;
import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/**
 * Before the SnapStart snapshot: the listing and the sync, each refused for its unknown key; and, rolled back with
 * the Graph API answered on loopback (never Meta), a template created (Meta's rules, the call, the row), listed,
 * searched, deleted, a sync, and a template refused by the rules.
 */
@Singleton
class TemplatesPriming implements Priming {

    private static final String TEMPLATE = """
            {"name":"snapstart_priming","language":"en_US","category":"UTILITY","components":[
             {"type":"HEADER","format":"TEXT","text":"Priming"},{"type":"BODY","text":"Hello {{1}}, this is priming.",
              "example":{"body_text":[["you"]]}},{"type":"FOOTER","text":"Priming"},
             {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Thanks"}]}]}""";

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        return List.of(
                withUnknownKey("GET", "/v1/templates", "status=APPROVED&limit=20", null),
                withUnknownKey("POST", "/v1/templates/sync", "", null));
    }

    @Override
    public List<APIGatewayV2HTTPEvent> acceptedRequests() {
        return List.of(
                request("POST", "/v1/templates", "", TEMPLATE),
                request("GET", "/v1/templates", "status=PENDING&limit=20", null),
                request("GET", "/v1/templates", "q=priming&category=UTILITY&limit=20", null),
                request("DELETE", "/v1/templates/snapstart_priming", "language=en_US", null),
                request("POST", "/v1/templates/sync", "", null),
                request("POST", "/v1/templates", "", "{\"name\":\"Not Valid\",\"category\":\"PRIMING\",\"components\":[]}"));
    }
}
