package dev.wagateway.sendmessage.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import dev.wagateway.shared.whatsapp.GraphApiClient;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Warm latency of a send through the Lambda handler with the fake Graph API answering at once
 * (API key, rate-limit count, validation, Idempotency-Key claim, write-ahead row, Graph call, sent +
 * contact in one transaction), beside the Graph call alone and a refused key. Prints figures only.
 * Run: {@code mvn -B -ntp -pl functions/send-message -am verify -Dtest=SendMessageBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true}
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class SendMessageBenchmark {

    private static final String TOKEN = "bench-token";
    private static final int WARM_UP = 1_000;
    private static final int MEASURED = 5_000;

    @Test
    void sendsWithTheFakeAnsweringAtOnce() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        // The 100 customers wrote just now: each text is within their window (the check, one indexed read, is measured).
        new Sql(database).execute("INSERT INTO contacts (id, phone, last_inbound_at) SELECT 'contact_bench' || n, "
                + "'+1650555' || lpad(n::text, 4, '0'), now() FROM generate_series(0, 99) n");
        try (FakeGraphApi fake = new FakeGraphApi(TOKEN)) {
            fake.recording(false);
            Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
            properties.put("whatsapp.access-token", TOKEN);
            properties.put("whatsapp.phone-number-id", "1055");
            properties.put("whatsapp.graph.base-url", fake.baseUrl());
            try (ApplicationContext context = ApplicationContext.run(properties)) {
                ApiGatewayHandler handler = new ApiGatewayHandler(context);
                String key = context.getBean(ApiKeyService.class).create("bench", List.of(Scopes.MESSAGES_SEND), 10_000_000, null).key();
                GraphApiClient graph = context.getBean(GraphApiClient.class);
                MockLambdaContext lambda = new MockLambdaContext();
                int[] turn = {0};
                IntSupplier send = () -> {
                    int n = turn[0]++;
                    String body = "{\"to\":\"+1650555" + String.format("%04d", n % 100) + "\",\"type\":\"text\",\"text\":{\"body\":\"order "
                            + n + " shipped\"}}";
                    Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + key,
                            "Content-Type", "application/json"));
                    if (n % 2 == 0) {
                        headers.put("Idempotency-Key", "bench-" + n);
                    }
                    APIGatewayV2HTTPResponse response = handler.handleRequest(event("POST", body, headers), lambda);
                    if (response.getStatusCode() != 202) {
                        throw new IllegalStateException(response.getStatusCode() + " " + response.getBody());
                    }
                    return response.getStatusCode();
                };
                IntSupplier graphOnly = () -> graph.sendMessage("1055", Map.of("messaging_product", "whatsapp", "to", "+16505550000",
                        "type", "text", "text", Map.of("body", "hello"))).length();
                IntSupplier refused = () -> handler.handleRequest(event("POST", "{}",
                        Map.of("Authorization", "Bearer wak_nope", "Content-Type", "application/json")), lambda).getStatusCode();

                System.out.println("BENCHMARK load average before: " + loadAverage());
                report("Lambda handler, refused key (floor)", refused);
                report("Graph API call alone (HTTP client to the loopback fake)", graphOnly);
                report("Lambda handler, text send (half with Idempotency-Key)", send);
                System.out.println("BENCHMARK load average after: " + loadAverage());
            }
        }
    }

    private static void report(String what, IntSupplier call) {
        for (int i = 0; i < WARM_UP; i++) {
            call.getAsInt();
        }
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long started = System.nanoTime();
            call.getAsInt();
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        System.out.printf("BENCHMARK %s, %d calls after %d warm-up: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                what, MEASURED, WARM_UP, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[MEASURED - 1] / 1e6);
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).strip() + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static APIGatewayV2HTTPEvent event(String method, String body, Map<String, String> headers) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod(method);
        http.setPath("/v1/messages");
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        requestContext.setRequestId("bench");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath("/v1/messages");
        event.setRawQueryString("");
        event.setHeaders(new HashMap<>(headers));
        event.setRequestContext(requestContext);
        event.setBody(body);
        return event;
    }
}
