package dev.wagateway.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.lambdaevents.LambdaEvents;

import java.util.HashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** API Gateway HTTP API (payload v2) events for the webhook's route ({@link LambdaEvents} builds them). */
final class WebhookEvents {

    private static final String PATH = "/webhooks/whatsapp";

    private WebhookEvents() {
    }

    static APIGatewayV2HTTPEvent get(Map<String, String> query) {
        String rawQuery = query.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&"));
        return LambdaEvents.event("GET", PATH, rawQuery, null, withHost(Map.of()));
    }

    /** The body as API Gateway passes text: a string, not base64. */
    static APIGatewayV2HTTPEvent postPlain(String body, Map<String, String> headers) {
        return LambdaEvents.event("POST", PATH, "", body, withHost(headers));
    }

    static APIGatewayV2HTTPEvent postBase64(byte[] body, Map<String, String> headers) {
        return LambdaEvents.base64(LambdaEvents.event("POST", PATH, "", null, withHost(headers)), body);
    }

    private static Map<String, String> withHost(Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.putIfAbsent("host", "abc123.execute-api.eu-west-1.amazonaws.com");
        return all;
    }
}
