package dev.wagateway.lambdaevents;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;

/**
 * The same request two ways: over HTTP to the embedded Netty server, and as an API Gateway HTTP
 * API (payload v2) event through the Lambda handler. Paths are sent exactly as written
 * (percent-encoding included), as a client and API Gateway would. Every answer goes through the
 * {@link ReplyCheck}s on the classpath (the function's OpenAPI document, in the function tests).
 */
public final class TwoWays {

    public record Reply(int status, Map<String, String> headers, String body) {
        public Map<String, Object> json() {
            try {
                return JsonMapper.createDefault().readValue(body, Map.class);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON: " + body, e);
            }
        }

        public String header(String name) {
            return headers.get(name.toLowerCase());
        }
    }

    public interface Caller {
        Reply call(String method, String pathAndQuery, Map<String, String> headers, String body);
    }

    public static Caller http(EmbeddedServer server) {
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
                    return checked(method, pathAndQuery, new Reply(response.statusCode(), responseHeaders, response.body()));
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

    public static Caller lambda(APIGatewayV2HTTPEventFunction handler) {
        return new Caller() {
            @Override
            public Reply call(String method, String pathAndQuery, Map<String, String> headers, String body) {
                int question = pathAndQuery.indexOf('?');
                String rawPath = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
                String rawQuery = question < 0 ? "" : pathAndQuery.substring(question + 1);
                APIGatewayV2HTTPResponse response = handler.handleRequest(
                        LambdaEvents.event(method, rawPath, rawQuery, body, headers), LambdaEvents.context());
                return checked(method, pathAndQuery,
                        new Reply(response.getStatusCode(), LambdaEvents.headers(response), LambdaEvents.body(response)));
            }

            @Override
            public String toString() {
                return "Lambda";
            }
        };
    }

    private static Reply checked(String method, String pathAndQuery, Reply reply) {
        ReplyCheck.all(method, pathAndQuery, reply);
        return reply;
    }

    private TwoWays() {
    }
}
