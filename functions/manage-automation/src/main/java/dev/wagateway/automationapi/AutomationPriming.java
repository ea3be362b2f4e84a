package dev.wagateway.automationapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/** Before the SnapStart snapshot: the rule, flow and conversation routes, refused for their unknown key; bodies with invalid fields. */
@Singleton
class AutomationPriming implements Priming {

    private static final String RULE = "{\"name\":\"priming\",\"trigger_type\":\"keyword\",\"trigger_value\":\"priming\","
            + "\"response_type\":\"text\",\"response_value\":\"priming\"}";

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        return List.of(
                withUnknownKey("POST", "/v1/automation/rules", "", RULE),
                withUnknownKey("GET", "/v1/automation/rules", "limit=20", null),
                withUnknownKey("POST", "/v1/automation/test", "", "{\"text\":\"priming\"}"),
                withUnknownKey("GET", "/v1/flows", "limit=20", null),
                withUnknownKey("GET", "/v1/conversations", "limit=20", null));
    }

    @Override
    public Map<Class<?>, String> bodies() {
        return Map.of(
                RuleRequest.class, "{\"name\":\"\",\"trigger_type\":\"priming\",\"response_type\":\"fax\",\"priority\":2000000}",
                DryRunRequest.class, "{\"text\":null}",
                FlowRequest.class, "{\"name\":\"\"}");
    }
}
