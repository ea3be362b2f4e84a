package dev.wagateway.contacts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

import static dev.wagateway.shared.snapstart.PrimingEvents.request;
import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/**
 * Before the SnapStart snapshot: each contacts route, refused for its unknown key; a body with invalid fields; and,
 * rolled back, a contact created, read, found, updated and deleted, and a body refused by validation.
 */
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
    public List<APIGatewayV2HTTPEvent> acceptedRequests() {
        // A number no one has (+1 650 555 01xx is fictional): the first PUT creates it inside the rolled-back transaction.
        String contact = "/v1/contacts/%2B16505550142";
        return List.of(
                request("PUT", contact, "", "{\"name\":\"Priming\",\"metadata\":{\"priming\":true}}"),
                request("GET", contact, "", null),
                request("PUT", contact, "", "{\"name\":\"Priming again\"}"),
                request("GET", "/v1/contacts", "q=priming&limit=20", null),
                request("GET", "/v1/contacts", "q=650555&limit=20", null),
                request("PUT", contact, "", "{\"profile_picture_url\":\"http://not-https\"}"),
                request("DELETE", contact, "", null));
    }

    @Override
    public Map<Class<?>, String> bodies() {
        return Map.of(ContactRequest.class, "{\"name\":\"Priming\",\"profile_picture_url\":\"http://not-https\",\"metadata\":{\"a\":1}}");
    }
}
