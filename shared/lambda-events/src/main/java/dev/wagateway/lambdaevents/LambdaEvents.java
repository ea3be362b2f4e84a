package dev.wagateway.lambdaevents;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * API Gateway HTTP API (payload v2) events as API Gateway sends them, for tests that drive a
 * function through its Lambda handler, and what the handler answered.
 */
public final class LambdaEvents {

    private LambdaEvents() {
    }

    /**
     * A request event. {@code rawPath} and {@code rawQuery} are as the client wrote them
     * (percent-encoded); like API Gateway, the event also carries the decoded path and query parameters. A null
     * {@code rawQuery} is no query: API Gateway then sends an empty raw query string.
     */
    public static APIGatewayV2HTTPEvent event(String method, String rawPath, String rawQuery, String body, Map<String, String> headers) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8));
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        requestContext.setRequestId("gw-" + System.nanoTime());
        requestContext.setStage("$default");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(rawPath);
        event.setRawQueryString(rawQuery == null ? "" : rawQuery);
        if (rawQuery != null && !rawQuery.isEmpty()) {
            event.setQueryStringParameters(queryParameters(rawQuery));
        }
        Map<String, String> lowerCaseHeaders = new HashMap<>();
        headers.forEach((name, value) -> lowerCaseHeaders.put(name.toLowerCase(), value));
        event.setHeaders(lowerCaseHeaders);
        event.setRequestContext(requestContext);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    /** The event with {@code body} base64-encoded, as API Gateway passes a body it does not take for text. */
    public static APIGatewayV2HTTPEvent base64(APIGatewayV2HTTPEvent event, byte[] body) {
        event.setBody(Base64.getEncoder().encodeToString(body));
        event.setIsBase64Encoded(true);
        return event;
    }

    public static Context context() {
        return new MockLambdaContext();
    }

    /** The answer's body as text, decoded when the handler sent it as base64. */
    public static String body(APIGatewayV2HTTPResponse response) {
        if (response.getBody() == null) {
            return "";
        }
        return response.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                : response.getBody();
    }

    /** A header of the answer, whatever the case of its name; null when absent. */
    public static String header(APIGatewayV2HTTPResponse response, String name) {
        Map<String, String> all = headers(response);
        return all.get(name.toLowerCase());
    }

    /** Every header of the answer, names in lower case; values of a repeated header joined by commas. */
    public static Map<String, String> headers(APIGatewayV2HTTPResponse response) {
        Map<String, String> all = new LinkedHashMap<>();
        if (response.getHeaders() != null) {
            response.getHeaders().forEach((name, value) -> all.put(name.toLowerCase(), value));
        }
        if (response.getMultiValueHeaders() != null) {
            response.getMultiValueHeaders().forEach((name, values) -> all.put(name.toLowerCase(), String.join(",", values)));
        }
        return all;
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] nameValue = pair.split("=", 2);
            String name = URLDecoder.decode(nameValue[0], StandardCharsets.UTF_8);
            String value = nameValue.length > 1 ? URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8) : "";
            parameters.merge(name, value, (a, b) -> a + "," + b);
        }
        return parameters;
    }
}
