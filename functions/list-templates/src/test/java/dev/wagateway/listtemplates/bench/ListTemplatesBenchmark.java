package dev.wagateway.listtemplates.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import dev.wagateway.shared.template.TemplateRepository;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntSupplier;

/**
 * Warm latency of a filtered template list over 5,000 templates, through the Lambda handler (API key
 * check, rate-limit count, query, JSON) and the query alone. Prints figures; asserts nothing about time.
 * Run: {@code mvn -B -ntp -pl functions/list-templates -am verify -Dtest=ListTemplatesBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false -Dbenchmark=true}
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class ListTemplatesBenchmark {

    private static final int TEMPLATES = 5_000;
    private static final int WARM_UP = 2_000;
    private static final int MEASURED = 5_000;

    @Test
    void filteredListOver5000Templates() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        new Sql(database).execute("""
                INSERT INTO templates (id, name, language, category, status, content, components, body_parameter_count)
                SELECT 'tmpl_bench_' || lpad(i::text, 5, '0'),
                       'template_' || md5(i::text),
                       (ARRAY['en_US', 'pt_BR', 'es', 'de'])[1 + i % 4],
                       (ARRAY['MARKETING', 'UTILITY', 'AUTHENTICATION'])[1 + i % 3],
                       (ARRAY['APPROVED', 'APPROVED', 'PENDING', 'REJECTED', 'PAUSED'])[1 + i % 5],
                       'Hi {{1}}, your order {{2}} is on its way',
                       jsonb_build_array(jsonb_build_object('type', 'BODY', 'text', 'Hi {{1}}, your order {{2}} is on its way'),
                                         jsonb_build_object('type', 'FOOTER', 'text', 'Reply STOP to opt out')),
                       2
                FROM generate_series(1, TEMPLATES) AS i""".replace("TEMPLATES", String.valueOf(TEMPLATES)));
        new Sql(database).execute("ANALYZE templates");
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            ApiGatewayHandler handler = new ApiGatewayHandler(context);
            String key = context.getBean(ApiKeyService.class)
                    .create("bench", List.of(Scopes.TEMPLATES_READ), 10_000_000, null).key();
            TemplateRepository repository = context.getBean(TemplateRepository.class);
            MockLambdaContext lambda = new MockLambdaContext();

            String[] queries = {"status=APPROVED&category=UTILITY&limit=20", "language=pt_BR&status=approved&limit=50",
                    "q=ab&limit=20", "category=marketing&language=es&limit=100"};
            int[] turn = {0};
            IntSupplier viaHandler = () -> {
                String query = queries[turn[0]++ % queries.length];
                APIGatewayV2HTTPResponse response = handler.handleRequest(event(query, key), lambda);
                if (response.getStatusCode() != 200) {
                    throw new IllegalStateException(response.getStatusCode() + " " + response.getBody());
                }
                return response.getBody().length();
            };
            IntSupplier floor = () -> handler.handleRequest(event("limit=1", "wak_not-a-key"), lambda).getStatusCode();
            IntSupplier queryOnly = () -> repository.list("APPROVED", "UTILITY", null, null, null, null, null, 21).size();

            System.out.println("BENCHMARK load average before: " + loadAverage());
            report("Lambda handler, refused key (framework floor, one indexed key lookup)", floor);
            report("Lambda handler, filtered list (auth + rate limit + query + JSON)", viaHandler);
            report("repository query only (status+category, 20 rows)", queryOnly);
            System.out.println("BENCHMARK load average after: " + loadAverage());
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
        System.out.printf("BENCHMARK %s over %d templates, %d calls after %d warm-up: p50 %.2f ms, p90 %.2f ms, "
                        + "p99 %.2f ms, max %.2f ms%n", what, TEMPLATES, MEASURED, WARM_UP,
                ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[MEASURED - 1] / 1e6);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg")).strip()
                    + " on " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[(int) Math.ceil(quantile * sorted.length) - 1] / 1e6;
    }

    private static APIGatewayV2HTTPEvent event(String rawQuery, String key) {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        http.setPath("/v1/templates");
        http.setProtocol("HTTP/1.1");
        http.setSourceIp("127.0.0.1");
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        requestContext.setRequestId("bench");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setVersion("2.0");
        event.setRouteKey("$default");
        event.setRawPath("/v1/templates");
        event.setRawQueryString(rawQuery);
        Map<String, String> parameters = new HashMap<>();
        for (String pair : rawQuery.split("&")) {
            String[] nameValue = pair.split("=", 2);
            parameters.put(nameValue[0], nameValue[1]);
        }
        event.setQueryStringParameters(parameters);
        event.setHeaders(new HashMap<>(Map.of("Authorization", "Bearer " + key)));
        event.setRequestContext(requestContext);
        return event;
    }
}
