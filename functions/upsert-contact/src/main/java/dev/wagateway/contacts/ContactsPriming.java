package dev.wagateway.contacts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/** Before the SnapStart snapshot: each contacts route, refused for its unknown key; a body with invalid fields. */
@Singleton
class ContactsPriming implements Priming {

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        return List.of(
                withUnknownKey("GET", "/v1/contacts/%2B16505550100", "", null),
                withUnknownKey("PUT", "/v1/contacts/%2B16505550100", "", "{\"name\":\"Priming\"}"),
                withUnknownKey("GET", "/v1/contacts", "q=priming&limit=20", null),
                withUnknownKey("DELETE", "/v1/contacts/%2B16505550100", "", null));
    }

    @Override
    public Map<Class<?>, String> bodies() {
        return Map.of(ContactRequest.class, "{\"name\":\"Priming\",\"profile_picture_url\":\"http://not-https\",\"metadata\":{\"a\":1}}");
    }
}
