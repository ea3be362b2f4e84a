package dev.wagateway.listtemplates;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.MockLambdaContext;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** API Gateway HTTP API (payload v2) events as API Gateway sends them, and what a handler answered. */
final class LambdaEvents {

    private LambdaEvents() {
    }

    static APIGatewayV2HTTPEvent event(String method, String path, String rawQuery, String body, Map<String, String> headers) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath(path);
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        requestContext.setRequestId("gw-request-1");
        requestContext.setStage("$default");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath(path);
        event.setRawQueryString(rawQuery);
        Map<String, String> queryParameters = new HashMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] nameValue = pair.split("=", 2);
                queryParameters.put(nameValue[0], nameValue.length > 1 ? nameValue[1] : "");
            }
            event.setQueryStringParameters(queryParameters);
        }
        event.setHeaders(new HashMap<>(headers));
        event.setRequestContext(requestContext);
        event.setBody(body);
        event.setIsBase64Encoded(false);
        return event;
    }

    static Context context() {
        return new MockLambdaContext();
    }

    static String body(APIGatewayV2HTTPResponse response) {
        return response.getIsBase64Encoded()
                ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                : response.getBody();
    }

    static String header(APIGatewayV2HTTPResponse response, String name) {
        return response.getHeaders().entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
    }
}
