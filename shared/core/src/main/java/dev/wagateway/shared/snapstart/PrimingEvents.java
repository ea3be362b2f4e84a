package dev.wagateway.shared.snapstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** API Gateway (HTTP API, payload 2.0) events for {@link Priming}: only the fields a function reads. */
public final class PrimingEvents {

    /**
     * An API key in the product's format whose id no key has (ids are ULIDs, and this one is all zeros): the
     * lookup runs its query and finds nothing, so the request is refused with 401 before any write.
     */
    public static final String UNKNOWN_API_KEY = "wak_00000000000000000000000000_snapstartprimingsnapstartprimingsnapstartpr";

    private PrimingEvents() {
    }

    /** A request with the unknown API key. */
    public static APIGatewayV2HTTPEvent withUnknownKey(String method, String rawPath, String query, String jsonBody) {
        APIGatewayV2HTTPEvent event = request(method, rawPath, query, jsonBody);
        event.getHeaders().put("authorization", "Bearer " + UNKNOWN_API_KEY);
        return event;
    }

    /** A request with only the headers given. */
    public static APIGatewayV2HTTPEvent request(String method, String rawPath, String query, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("accept", "application/json");
        headers.put("x-correlation-id", "snapstart-priming");
        if (body != null) {
            headers.put("content-type", "application/json");
        }
        return APIGatewayV2HTTPEvent.builder()
                .withVersion("2.0")
                .withRouteKey("$default")
                .withRawPath(rawPath)
                .withRawQueryString(query == null ? "" : query)
                // micronaut-aws reads the parameters API Gateway decoded, not the raw query string.
                .withQueryStringParameters(query == null || query.isEmpty() ? null : parameters(query))
                .withHeaders(headers)
                .withBody(body)
                .withIsBase64Encoded(false)
                .withRequestContext(APIGatewayV2HTTPEvent.RequestContext.builder()
                        .withRequestId("snapstart-priming")
                        .withStage("$default")
                        .withHttp(APIGatewayV2HTTPEvent.RequestContext.Http.builder()
                                .withMethod(method)
                                .withPath(rawPath)
                                .withProtocol("HTTP/1.1")
                                .withSourceIp("127.0.0.1")
                                .withUserAgent("snapstart-priming")
                                .build())
                        .build())
                .build();
    }

    /** As API Gateway gives them: decoded, a repeated name's values joined with commas. */
    private static Map<String, String> parameters(String query) {
        return Arrays.stream(query.split("&")).filter(pair -> !pair.isEmpty()).map(pair -> pair.split("=", 2))
                .collect(Collectors.toMap(pair -> decode(pair[0]), pair -> pair.length > 1 ? decode(pair[1]) : "",
                        (first, next) -> first + "," + next, LinkedHashMap::new));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
