package dev.wagateway.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/** Before the SnapStart snapshot: the subscription and event routes, refused for their unknown key; a subscription with invalid fields. */
@Singleton
class WebhooksPriming implements Priming {

    private static final String SUBSCRIPTION = "{\"url\":\"https://priming.invalid/hook\",\"events\":[\"*\"]}";

    @Override
    public List<APIGatewayV2HTTPEvent> requests() {
        return List.of(
                withUnknownKey("POST", "/v1/webhooks", "", SUBSCRIPTION),
                withUnknownKey("GET", "/v1/webhooks", "", null),
                withUnknownKey("GET", "/v1/webhooks/wh_01J00000000000000000000000", "", null),
                withUnknownKey("GET", "/v1/webhooks/wh_01J00000000000000000000000/deliveries", "limit=20", null),
                withUnknownKey("GET", "/v1/events", "limit=20", null));
    }

    @Override
    public Map<Class<?>, String> bodies() {
        return Map.of(SubscriptionRequest.class,
                "{\"url\":\"\",\"events\":[],\"phone_number_ids\":[\"not-a-number\"],\"signature_scheme\":\"priming\"}");
    }
}
