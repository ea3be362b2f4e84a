package dev.wagateway.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** API Gateway HTTP API (payload v2) events, as API Gateway hands them to the Lambda. */
final class LambdaEvents {

    private LambdaEvents() {
    }

    static APIGatewayV2HTTPEvent get(Map<String, String> query) {
        return event("GET", Map.of(), query, null, false);
    }

    /** The body as API Gateway passes text: a string, not base64. */
    static APIGatewayV2HTTPEvent postPlain(String body, Map<String, String> headers) {
        return event("POST", headers, Map.of(), body, false);
    }

    static APIGatewayV2HTTPEvent postBase64(byte[] body, Map<String, String> headers) {
        return event("POST", headers, Map.of(), Base64.getEncoder().encodeToString(body), true);
    }

    private static APIGatewayV2HTTPEvent event(String method, Map<String, String> headers, Map<String, String> query,
                                               String body, boolean base64) {
        Map<String, String> allHeaders = new HashMap<>(headers);
        allHeaders.putIfAbsent("host", "abc123.execute-api.eu-west-1.amazonaws.com");
        StringBuilder rawQuery = new StringBuilder();
        query.forEach((name, value) -> rawQuery.append(rawQuery.isEmpty() ? "" : "&").append(name).append('=').append(value));
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath("/webhooks/whatsapp")
                .withRawQueryString(rawQuery.toString())
                .withQueryStringParameters(query.isEmpty() ? null : query)
                .withHeaders(allHeaders)
                .withBody(body)
                .withIsBase64Encoded(base64)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("req-" + System.nanoTime())
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath("/webhooks/whatsapp")
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("31.13.64.1")
                                .build())
                        .build())
                .build();
    }
}
