package dev.wagateway.sendmessage.bench;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import dev.wagateway.sendmessage.MessageStatsView;
import dev.wagateway.shared.stats.MessageStats;
import dev.wagateway.shared.stats.MessageStatsWriter;
import io.micronaut.json.JsonMapper;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * GET /v1/stats/messages over a month of a million messages (-Dbench.messages=), through the Lambda handler (key,
 * rate limit, validation, the read of the counts and of the changes not folded yet), for every group_by by day and
 * by hour over the whole month, while 100 messages change status between requests and the scheduled fold runs
 * (untimed) every ten requests, so each request reads up to ~2,000 changes besides the counts. Side by side in the same run: the plain GROUP BY over {@code messages} the counts replace. Prints figures.
 * Run: {@code scripts/benchmark message-stats}
 */
@EnabledIfSystemProperty(named = "benchmark", matches = "true")
class MessageStatsBenchmark {

    private static final int MESSAGES = Integer.getInteger("bench.messages", 1_000_000);
    private static final int WARM_UP = 20;
    private static final int MEASURED = Integer.getInteger("bench.requests", 200);
    private static final int CHANGES_BETWEEN = 100;
    /** Requests between two scheduled folds: each request reads up to ~2,000 changes not folded yet. */
    private static final int SCHEDULE_EVERY = 10;

    @Test
    void statsOverAMonth() throws SQLException {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Sql sql = new Sql(database);
        long started = System.nanoTime();
        generate(sql);
        System.out.printf("BENCHMARK generated %,d messages (and a status each, with pricing or errors) over March 2026 in %.1f s%n",
                MESSAGES, (System.nanoTime() - started) / 1e9);
        System.out.println("BENCHMARK load average before: " + loadAverage());
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        try (ApplicationContext context = ApplicationContext.run(properties);
             Connection plain = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password())) {
            ApiGatewayHandler handler = new ApiGatewayHandler(context);
            String key = context.getBean(ApiKeyService.class).create("bench", List.of(Scopes.MESSAGES_READ), 10_000_000, null).key();
            long folding = System.nanoTime();
            APIGatewayV2HTTPResponse first = stats(handler, key, "day", "status");
            System.out.printf("BENCHMARK first request (folds the generated month's changes): %.1f s, HTTP %d%n",
                    (System.nanoTime() - folding) / 1e9, first.getStatusCode());
            for (String granularity : MessageStats.GRANULARITIES) {
                for (String groupBy : List.of("status", "type", "template", "error_code", "category")) {
                    long[] nanos = measure(handler, context.getBean(MessageStatsWriter.class), key, granularity, groupBy, sql);
                    System.out.printf("BENCHMARK stats by %s, group_by=%s, month of %,d messages, %d requests: p50 %.2f ms, "
                                    + "p99 %.2f ms, max %.2f ms%n", granularity, groupBy, MESSAGES, MEASURED, ms(nanos, 0.50),
                            ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6);
                }
            }
            for (String granularity : MessageStats.GRANULARITIES) {
                breakdown(context, handler, key, granularity, "template", sql);
            }
            long[] scans = new long[5];
            for (int i = 0; i < scans.length; i++) {
                long at = System.nanoTime();
                plainCount(plain);
                scans[i] = System.nanoTime() - at;
            }
            Arrays.sort(scans);
            System.out.printf("BENCHMARK plain GROUP BY over messages (status by day, the month), 5 runs: p50 %.2f ms, max %.2f ms%n",
                    ms(scans, 0.50), scans[scans.length - 1] / 1e6);
            System.out.println("BENCHMARK load average after: " + loadAverage());
        }
    }

    private static long[] measure(ApiGatewayHandler handler, MessageStatsWriter folds, String key, String granularity, String groupBy,
                                  Sql sql) {
        long[] nanos = new long[MEASURED];
        for (int i = -WARM_UP; i < MEASURED; i++) {
            if (Math.floorMod(i, SCHEDULE_EVERY) == 0) {
                // The scheduled fold (the events sweep, every minute in AWS), untimed: it keeps up with the traffic.
                folds.drain(50_000, 10);
            }
            // Traffic between requests: 100 messages move on (statuses and pricing), for the next fold.
            int from = ThreadLocalRandom.current().nextInt(1, MESSAGES - CHANGES_BETWEEN);
            sql.execute("UPDATE messages SET status = 'read', pricing_category = 'marketing' WHERE id IN (SELECT 'msg_b' || i "
                    + "FROM generate_series(" + from + ", " + (from + CHANGES_BETWEEN - 1) + ") AS i) AND direction = 'outbound'");
            long at = System.nanoTime();
            APIGatewayV2HTTPResponse response = stats(handler, key, granularity, groupBy);
            long took = System.nanoTime() - at;
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException(response.getStatusCode() + " " + response.getBody());
            }
            if (i >= 0) {
                nanos[i] = took;
            }
        }
        Arrays.sort(nanos);
        return nanos;
    }

    /**
     * Where one request's time goes, each part timed alone over the same traffic (p50 / p99): the fold of the last
     * 100 status moves, the read, the answer's JSON, and a refused request through the handler (key, rate limit,
     * validation, problem answer: what every request pays before the stats).
     */
    private static void breakdown(ApplicationContext context, ApiGatewayHandler handler, String key, String granularity,
                                  String groupBy, Sql sql) {
        MessageStats stats = context.getBean(MessageStats.class);
        MessageStatsWriter folds = context.getBean(MessageStatsWriter.class);
        JsonMapper json = context.getBean(JsonMapper.class);
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        Instant to = Instant.parse("2026-03-31T00:00:00Z");
        long[] fold = new long[MEASURED];
        long[] read = new long[MEASURED];
        long[] serialise = new long[MEASURED];
        long[] refused = new long[MEASURED];
        int bytes = 0;
        for (int i = -WARM_UP; i < MEASURED; i++) {
            int first = ThreadLocalRandom.current().nextInt(1, MESSAGES - CHANGES_BETWEEN);
            sql.execute("UPDATE messages SET status = 'read', pricing_category = 'marketing' WHERE id IN (SELECT 'msg_b' || i "
                    + "FROM generate_series(" + first + ", " + (first + CHANGES_BETWEEN - 1) + ") AS i) AND direction = 'outbound'");
            long at = System.nanoTime();
            folds.fold(100_000);
            long folded = System.nanoTime();
            List<MessageStats.Count> counts = stats.count(groupBy, granularity, from, to, null);
            long readAt = System.nanoTime();
            try {
                bytes = json.writeValueAsBytes(MessageStatsView.of(from, to, granularity, groupBy, null, counts)).length;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            long serialised = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(LambdaEvents.event("GET", "/v1/stats/messages",
                    "from=2026-03-01&to=2026-03-31&granularity=" + granularity + "&group_by=nothing", null,
                    Map.of("Authorization", "Bearer " + key)), LambdaEvents.context());
            long answered = System.nanoTime();
            if (response.getStatusCode() != 400) {
                throw new IllegalStateException(response.getStatusCode() + " " + response.getBody());
            }
            if (i >= 0) {
                fold[i] = folded - at;
                read[i] = readAt - folded;
                serialise[i] = serialised - readAt;
                refused[i] = answered - serialised;
            }
        }
        for (long[] nanos : List.of(fold, read, serialise, refused)) {
            Arrays.sort(nanos);
        }
        System.out.printf("BENCHMARK breakdown by %s, group_by=%s (p50 / p99 ms): fold of 100 moves %.2f / %.2f, read %.2f / %.2f, "
                        + "JSON of the answer (%,d bytes) %.2f / %.2f, a refused request (key, rate limit, 400) %.2f / %.2f%n",
                granularity, groupBy, ms(fold, 0.5), ms(fold, 0.99), ms(read, 0.5), ms(read, 0.99), bytes,
                ms(serialise, 0.5), ms(serialise, 0.99), ms(refused, 0.5), ms(refused, 0.99));
    }

    private static APIGatewayV2HTTPResponse stats(ApiGatewayHandler handler, String key, String granularity, String groupBy) {
        return handler.handleRequest(LambdaEvents.event("GET", "/v1/stats/messages",
                "from=2026-03-01&to=2026-03-31&granularity=" + granularity + "&group_by=" + groupBy, null,
                Map.of("Authorization", "Bearer " + key)), LambdaEvents.context());
    }

    private static void plainCount(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(
                "SELECT date_trunc('day', created_at, 'UTC'), status, count(*) FROM messages WHERE created_at >= '2026-03-01' "
                        + "AND created_at < '2026-03-31' GROUP BY 1, 2 ORDER BY 1, 2")) {
            while (result.next()) {
                result.getLong(3);
            }
        }
    }

    /** A month of messages in one statement (the insert trigger's groups), then a status row each. */
    private static void generate(Sql sql) {
        sql.execute("""
                INSERT INTO messages (id, phone, direction, type, status, template_name, error_code, pricing_category,
                                      whatsapp_message_id, created_at)
                SELECT 'msg_b' || i, '+1555' || lpad((i % 100000)::text, 7, '0'),
                       CASE WHEN i % 3 = 0 THEN 'inbound' ELSE 'outbound' END,
                       CASE WHEN i % 3 = 0 THEN (ARRAY['text', 'image', 'button', 'interactive'])[1 + i % 4]
                            WHEN i % 2 = 0 THEN 'template' ELSE (ARRAY['text', 'image', 'document', 'interactive'])[1 + i % 4] END,
                       CASE WHEN i % 3 = 0 THEN 'received' ELSE (ARRAY['sent', 'delivered', 'read', 'read', 'delivered', 'failed'])[1 + i % 6] END,
                       CASE WHEN i % 3 <> 0 AND i % 2 = 0 THEN 'template_' || (i % 40) END,
                       CASE WHEN i % 3 <> 0 AND i % 6 = 5 THEN (ARRAY['131047', '131026', '130472', '131049', '131051', '132000', '131053', '131000'])[1 + i % 8] END,
                       CASE WHEN i % 3 <> 0 AND i % 6 <> 5 THEN (ARRAY['utility', 'marketing', 'authentication', 'service', 'marketing'])[1 + i % 5] END,
                       'wamid.bench' || i,
                       TIMESTAMPTZ '2026-03-01 00:00:00+00' + ((i::bigint * 2592) * interval '1 millisecond')
                FROM generate_series(1, COUNT) AS i""".replace("COUNT", String.valueOf(MESSAGES)));
        sql.execute("""
                INSERT INTO message_status_events (whatsapp_message_id, message_id, status, occurred_at, errors, payload, pricing, applied_at)
                SELECT whatsapp_message_id, id, status, created_at + interval '5 seconds',
                       CASE WHEN error_code IS NOT NULL THEN jsonb_build_array(jsonb_build_object('code', error_code::int,
                           'title', 'Message failed', 'message', 'Message failed', 'error_data', jsonb_build_object('details', 'bench'),
                           'href', 'https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/')) END,
                       jsonb_build_object('id', whatsapp_message_id, 'status', status),
                       CASE WHEN pricing_category IS NOT NULL THEN jsonb_build_object('billable', pricing_category <> 'service',
                           'pricing_model', 'PMP', 'category', pricing_category, 'type', 'regular') END,
                       now()
                FROM messages WHERE direction = 'outbound' AND id LIKE 'msg_b%'""");
        sql.execute("ANALYZE");
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
}
