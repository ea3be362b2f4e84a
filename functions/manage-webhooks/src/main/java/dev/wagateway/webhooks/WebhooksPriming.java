package dev.wagateway.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

import static dev.wagateway.shared.snapstart.PrimingEvents.request;
import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/**
 * Before the SnapStart snapshot: the subscription and event routes, refused for their unknown key; a subscription with
 * invalid fields; and, rolled back, a subscription created, and one the set-up writes read, changed, given a new
 * secret, replayed, listed with its deliveries and deleted, the events listed, and an invalid body refused. The URLs
 * are a literal public address (no DNS lookup) and nothing is delivered: deliveries go out only after a commit.
 */
@Singleton
class WebhooksPriming implements Priming {

    /** A subscription that exists only in the rolled-back transaction, and a public address never called. */
    private static final String KNOWN = "wh_01JDQ4Z8S4K1V5G7C2M9R3T6WX";
    private static final String URL = "https://1.1.1.1/snapstart-priming";
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
    public List<String> setUp() {
        return List.of("INSERT INTO webhooks (id, url, events, secret, is_active, phone_number_ids, signature_scheme) VALUES ('"
                + KNOWN + "', '" + URL + "', '[\"*\"]', 'snapstart-priming-secret', true, '[]', 'standard')");
    }

    @Override
    public List<APIGatewayV2HTTPEvent> acceptedRequests() {
        String known = "/v1/webhooks/" + KNOWN;
        return List.of(
                request("POST", "/v1/webhooks", "", "{\"url\":\"" + URL + "\",\"events\":[\"message.received\"],\"description\":\"priming\"}"),
                request("GET", "/v1/webhooks", "limit=20", null),
                request("GET", known, "", null),
                request("PATCH", known, "", "{\"events\":[\"*\"],\"description\":\"priming again\"}"),
                request("POST", known + "/secret", "", null),
                request("GET", known + "/deliveries", "limit=20", null),
                request("POST", known + "/replay", "", "{\"from\":\"2026-01-01T00:00:00Z\",\"to\":\"2026-01-02T00:00:00Z\"}"),
                request("GET", "/v1/events", "limit=20", null),
                request("GET", "/v1/events/evt_01JDQ4Z8S4K1V5G7C2M9R3T6WX", "", null),
                request("DELETE", known, "", null),
                request("POST", "/v1/webhooks", "", "{\"url\":\"\",\"events\":[]}"));
    }

    @Override
    public Map<Class<?>, String> bodies() {
        return Map.of(SubscriptionRequest.class,
                "{\"url\":\"\",\"events\":[],\"phone_number_ids\":[\"not-a-number\"],\"signature_scheme\":\"priming\"}");
    }
}
