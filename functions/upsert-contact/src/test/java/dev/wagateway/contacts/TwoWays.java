package dev.wagateway.contacts;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same request two ways: over HTTP to the embedded Netty server, and as an API Gateway HTTP
 * API (payload v2) event through the Lambda handler. Paths are sent exactly as written
 * (percent-encoding included), as a client and API Gateway would.
 */
final class TwoWays {

    record Reply(int status, Map<String, String> headers, String body) {
        Map<String, Object> json() {
            try {
                return JsonMapper.createDefault().readValue(body, Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    interface Caller {
        Reply call(String method, String pathAndQuery, Map<String, String> headers, String body);
    }

    static Caller http(EmbeddedServer server) {
        HttpClient client = HttpClient.newHttpClient();
        return new Caller() {
            @Override
            public Reply call(String method, String pathAndQuery, Map<String, String> headers, String body) {
                HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.getURL() + pathAndQuery))
                        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
                headers.forEach(request::header);
                try {
                    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
                    Map<String, String> responseHeaders = new TreeMap<>();
                    response.headers().map().forEach((k, v) -> responseHeaders.put(k.toLowerCase(), String.join(",", v)));
                    return new Reply(response.statusCode(), responseHeaders, response.body());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public String toString() {
                return "HTTP";
            }
        };
    }

    static Caller lambda(ApiGatewayHandler handler) {
        return new Caller() {
            @Override
            public Reply call(String method, String pathAndQuery, Map<String, String> headers, String body) {
                int question = pathAndQuery.indexOf('?');
                String rawPath = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
                String rawQuery = question < 0 ? "" : pathAndQuery.substring(question + 1);
                APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
                http.setMethod(method);
                // API Gateway hands over the decoded path here and the raw one in rawPath.
                http.setPath(URLDecoder.decode(rawPath.replace("+", "%2B"), StandardCharsets.UTF_8));
                http.setProtocol("HTTP/1.1");
                http.setSourceIp("127.0.0.1");
                APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
                context.setHttp(http);
                context.setRequestId("gw-" + System.nanoTime());
                context.setStage("$default");
                APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
                event.setVersion("2.0");
                event.setRouteKey("$default");
                event.setRawPath(rawPath);
                event.setRawQueryString(rawQuery);
                event.setQueryStringParameters(queryParameters(rawQuery));
                Map<String, String> eventHeaders = new HashMap<>();
                headers.forEach((k, v) -> eventHeaders.put(k.toLowerCase(), v));
                event.setHeaders(eventHeaders);
                event.setRequestContext(context);
                event.setBody(body);
                event.setIsBase64Encoded(false);
                APIGatewayV2HTTPResponse response = handler.handleRequest(event, new MockLambdaContext());
                Map<String, String> responseHeaders = new TreeMap<>();
                if (response.getHeaders() != null) {
                    response.getHeaders().forEach((k, v) -> responseHeaders.put(k.toLowerCase(), v));
                }
                if (response.getMultiValueHeaders() != null) {
                    response.getMultiValueHeaders().forEach((k, v) -> responseHeaders.put(k.toLowerCase(), String.join(",", v)));
                }
                String responseBody = response.getBody() == null ? "" : response.getIsBase64Encoded()
                        ? new String(Base64.getDecoder().decode(response.getBody()), StandardCharsets.UTF_8)
                        : response.getBody();
                return new Reply(response.getStatusCode(), responseHeaders, responseBody);
            }

            @Override
            public String toString() {
                return "Lambda";
            }
        };
    }

    private static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (!rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                parameters.merge(name, value, (a, b) -> a + "," + b);
            }
        }
        return parameters;
    }

    private TwoWays() {
    }
}
