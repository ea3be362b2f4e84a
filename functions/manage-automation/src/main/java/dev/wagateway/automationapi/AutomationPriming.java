package dev.wagateway.automationapi;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

import static dev.wagateway.shared.snapstart.PrimingEvents.request;
import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/**
 * Before the SnapStart snapshot: the rule, flow and conversation routes, refused for their unknown key; bodies with
 * invalid fields; and, rolled back, a rule and a flow created and listed, a dry run, the conversations listed, a rule,
 * a flow and a conversation that do not exist asked for (the id routes' queries), an invalid rule refused. (The rows'
 * bigint ids come from sequences, which a rollback does not give back: each snapshot skips a few ids.)
 */
@Singleton
class AutomationPriming implements Priming {

    private static final String RULE = "{\"name\":\"priming\",\"trigger_type\":\"keyword\",\"trigger_value\":\"priming\","
            + "\"response_type\":\"text\",\"response_value\":\"priming\"}";

    private static final String FLOW = "{\"name\":\"priming\",\"trigger_keyword\":\"priming\",\"nodes\":["
            + "{\"key\":\"start\",\"type\":\"message\",\"config\":{\"text\":\"priming\"}},{\"key\":\"done\",\"type\":\"end\"}],"
            + "\"edges\":[{\"source\":\"start\",\"target\":\"done\"}]}";

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
    public List<APIGatewayV2HTTPEvent> acceptedRequests() {
        String none = "/" + Long.MAX_VALUE;
        return List.of(
                request("POST", "/v1/automation/rules", "", RULE),
                request("GET", "/v1/automation/rules", "limit=20", null),
                request("GET", "/v1/automation/rules" + none, "", null),
                request("PUT", "/v1/automation/rules" + none, "", RULE),
                request("POST", "/v1/automation/test", "", "{\"text\":\"priming\"}"),
                request("POST", "/v1/flows", "", FLOW),
                request("GET", "/v1/flows", "limit=20", null),
                request("GET", "/v1/flows" + none, "", null),
                request("GET", "/v1/conversations", "limit=20", null),
                request("GET", "/v1/conversations" + none, "", null),
                request("POST", "/v1/automation/rules", "", "{\"name\":\"\",\"trigger_type\":\"priming\"}"));
    }

    @Override
    public Map<Class<?>, String> bodies() {
        return Map.of(
                RuleRequest.class, "{\"name\":\"\",\"trigger_type\":\"priming\",\"response_type\":\"fax\",\"priority\":2000000}",
                DryRunRequest.class, "{\"text\":null}",
                FlowRequest.class, "{\"name\":\"\"}");
    }
}
