package dev.wagateway.sendmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.snapstart.Priming;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;

import static dev.wagateway.shared.snapstart.PrimingEvents.request;
import static dev.wagateway.shared.snapstart.PrimingEvents.withUnknownKey;

/**
 * Before the SnapStart snapshot: each messages route, refused for its unknown key; a send body with invalid fields;
 * and, rolled back, the send path whole (a text to a customer who "wrote a minute ago", with an Idempotency-Key: the
 * checks, the claim, the row, the Graph API call answered on loopback, the outcome; then its replay),
 * a template refused for not being approved, an invalid body, the listing, one message and the stats.
 */
@Singleton
class MessagesPriming implements Priming {

    private static final String TEXT = "{\"to\":\"+16505550100\",\"type\":\"text\",\"text\":{\"body\":\"priming\"}}";
    /** A fictional number (+1 650 555 01xx), only in the rolled-back transaction. */
    private static final String CUSTOMER = "+16505550142";
    private static final String CUSTOMER_TEXT = "{\"to\":\"" + CUSTOMER + "\",\"type\":\"text\",\"text\":{\"body\":\"priming\"}}";

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

    @Override
    public List<String> setUp() {
        // The customer's 24-hour window open, so that a text goes as far as Meta (here: the loopback answer).
        return List.of("INSERT INTO contacts (id, phone, last_message_at, last_inbound_at, message_count, unread_count)"
                + " VALUES ('contact_01JDQ4Z8S4K1V5G7C2M9R3T6WX', '" + CUSTOMER + "', now(), now(), 1, 1)");
    }

    @Override
    public List<APIGatewayV2HTTPEvent> acceptedRequests() {
        // One send only reaches "Meta": the loopback answer's wamid is always the same, and a wamid is unique.
        return List.of(
                idempotent(),
                idempotent(),
                request("POST", "/v1/messages", "", "{\"to\":\"" + CUSTOMER + "\",\"type\":\"template\","
                        + "\"template\":{\"name\":\"snapstart_priming\",\"language\":{\"code\":\"en_US\"}}}"),
                request("POST", "/v1/messages", "", "{\"to\":\"\",\"type\":\"fax\"}"),
                request("GET", "/v1/messages", "phone=" + CUSTOMER.substring(1) + "&limit=20", null),
                request("GET", "/v1/messages/msg_01J00000000000000000000000", "", null),
                request("GET", "/v1/stats/messages", "from=2026-01-01&to=2026-02-01&granularity=day&group_by=status", null));
    }

    /** A text with an Idempotency-Key: sent the first time, the stored answer replayed the second. */
    private static APIGatewayV2HTTPEvent idempotent() {
        APIGatewayV2HTTPEvent send = request("POST", "/v1/messages", "", CUSTOMER_TEXT);
        send.getHeaders().put("idempotency-key", "snapstart-priming");
        return send;
    }
}
