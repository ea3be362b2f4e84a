package dev.wagateway.sendmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/** Before the SnapStart snapshot: each messages route, refused for its unknown key; a send body with invalid fields. */
@Singleton
class MessagesPriming implements Priming {

    private static final String TEXT = "{\"to\":\"+16505550100\",\"type\":\"text\",\"text\":{\"body\":\"priming\"}}";

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        return List.of(
                withUnknownKey("POST", "/v1/messages", "", TEXT),
                withUnknownKey("GET", "/v1/messages", "limit=20", null),
                withUnknownKey("GET", "/v1/messages/msg_01J00000000000000000000000", "", null));
    }

    @Override
    public Map<Class<?>, String> bodies() {
        return Map.of(SendMessageRequest.class,
                "{\"to\":\"\",\"type\":\"fax\",\"text\":{\"body\":\"priming\"},\"template\":{\"name\":\"t\",\"language\":{\"code\":\"EN-x\"}}}");
    }
}
