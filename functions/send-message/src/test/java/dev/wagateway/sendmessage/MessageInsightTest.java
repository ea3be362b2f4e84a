package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Delivery insight over HTTP and as Lambda events: a message's statuses with Meta's errors and pricing, and
 * GET /v1/stats/messages over a generated week against a plain count, with its refusals.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageInsightTest implements FreshDatabase {

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private Sql sql;
    private String reader;
    private String sender;

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService keys;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(SendTestSupport.properties(database, fake));
    }

    @BeforeAll
    void seed() {
        reader = "Bearer " + keys.create("read", List.of(Scopes.MESSAGES_READ), 100_000, null).key();
        sender = "Bearer " + keys.create("send", List.of(Scopes.MESSAGES_SEND), 100_000, null).key();
        sql.execute("""
                INSERT INTO messages (id, phone, direction, type, status, template_name, error_code, pricing_category, created_at)
                SELECT 'msg_week' || i, '+15550102030', CASE WHEN i % 5 = 0 THEN 'inbound' ELSE 'outbound' END,
                       CASE WHEN i % 5 = 0 THEN 'text' ELSE 'template' END,
                       CASE WHEN i % 5 = 0 THEN 'received' ELSE (ARRAY['sent', 'delivered', 'read', 'failed'])[1 + i % 4] END,
                       CASE WHEN i % 5 <> 0 THEN 'tmpl_' || (i % 3) END,
                       CASE WHEN i % 5 <> 0 AND i % 4 = 3 THEN '131047' END,
                       CASE WHEN i % 5 <> 0 THEN 'utility' END,
                       TIMESTAMPTZ '2026-05-04 00:00:00+00' + (i * interval '7 minutes')
                FROM generate_series(0, 1439) AS i""");
        // One message with its history as Meta delivered it (status-sent's pricing, status-failed's errors).
        sql.execute("INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id, created_at) VALUES "
                + "('msg_01INSIGHT00000000000000000', '+16505551234', 'outbound', 'text', 'failed', 'wamid.insight', '2026-06-01')");
        sql.execute("""
                INSERT INTO message_status_events (whatsapp_message_id, message_id, status, occurred_at, errors, payload, pricing, applied_at)
                VALUES ('wamid.insight', 'msg_01INSIGHT00000000000000000', 'sent', '2026-06-01T00:00:01Z', NULL,
                        '{"id":"wamid.insight","status":"sent"}',
                        '{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"}', now()),
                       ('wamid.insight', 'msg_01INSIGHT00000000000000000', 'failed', '2026-06-01T00:00:05Z',
                        '[{"code":131047,"title":"Re-engagement message","message":"Re-engagement message","error_data":{"details":"Message failed to send because more than 24 hours have passed since the customer last replied to this number."},"href":"https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/"}]',
                        '{"id":"wamid.insight","status":"failed"}', NULL, now())""");
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    Stream<Caller> callers() {
        return Stream.of(TwoWays.http(server), TwoWays.lambda(new ApiGatewayHandler(context)));
    }

    private Reply get(Caller caller, String path, String key) {
        return caller.call("GET", path, Map.of("Authorization", key), null);
    }

    @ParameterizedTest
    @MethodSource("callers")
    @SuppressWarnings("unchecked")
    void aMessageShowsEachStatusWithMetasErrorsAndPricing(Caller caller) {
        Reply reply = get(caller, "/v1/messages/msg_01INSIGHT00000000000000000", reader);
        assertEquals(200, reply.status(), reply.body());
        List<Map<String, Object>> statuses = (List<Map<String, Object>>) reply.json().get("statuses");
        assertEquals(List.of("sent", "failed"), statuses.stream().map(s -> s.get("status")).toList());
        assertEquals(Map.of("billable", true, "category", "utility", "pricing_model", "PMP", "type", "regular"),
                statuses.get(0).get("pricing"));
        assertNull(statuses.get(0).get("errors"));
        Map<String, Object> error = ((List<Map<String, Object>>) statuses.get(1).get("errors")).getFirst();
        assertEquals(131047, error.get("code"));
        assertEquals("Re-engagement message", error.get("title"));
        assertTrue(String.valueOf(error.get("details")).startsWith("Message failed to send because more than 24 hours"));
        assertTrue(String.valueOf(error.get("href")).startsWith("https://developers.facebook.com/"));
        // The listing stays as it was: no history per message.
        Reply listed = get(caller, "/v1/messages?limit=1", reader);
        assertNull(((List<Map<String, Object>>) listed.json().get("items")).getFirst().get("statuses"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aTemplateSendKeepsItsTemplatesNameForTheStats(Caller caller) {
        sql.execute("INSERT INTO templates (id, name, language, category, status, content, body_parameter_count) VALUES "
                + "('tmpl_insight', 'pickup_ready', 'en_US', 'UTILITY', 'APPROVED', 'Order {{1}} is ready', 1) ON CONFLICT DO NOTHING");
        Reply sent = caller.call("POST", "/v1/messages", Map.of("Authorization", sender, "Content-Type", "application/json"),
                "{\"to\":\"+16505551234\",\"type\":\"template\",\"template\":{\"name\":\"pickup_ready\","
                        + "\"language\":{\"code\":\"en_US\"},\"components\":[{\"type\":\"body\",\"parameters\":"
                        + "[{\"type\":\"text\",\"text\":\"1234\"}]}]}}");
        assertEquals(202, sent.status(), sent.body());
        assertEquals("pickup_ready", sql.queryValue("SELECT template_name FROM messages WHERE id = '" + sent.json().get("id") + "'"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    @SuppressWarnings("unchecked")
    void statsByDayAndHourMatchAPlainCount(Caller caller) {
        Reply byDay = get(caller, "/v1/stats/messages?from=2026-05-04&to=2026-05-11&granularity=day&group_by=status", reader);
        assertEquals(200, byDay.status(), byDay.body());
        Map<String, Object> answer = byDay.json();
        assertEquals(1440, answer.get("total"));
        List<Map<String, Object>> periods = (List<Map<String, Object>>) answer.get("periods");
        assertEquals(7, periods.size());
        assertEquals("2026-05-04T00:00:00Z", periods.getFirst().get("start"));
        for (Map<String, Object> period : periods) {
            for (Map<String, Object> group : (List<Map<String, Object>>) period.get("groups")) {
                String plain = sql.queryValue("SELECT count(*) FROM messages WHERE status = '" + group.get("value")
                        + "' AND created_at >= '" + period.get("start") + "' AND created_at < TIMESTAMPTZ '" + period.get("start")
                        + "' + interval '1 day'");
                assertEquals(plain, String.valueOf(group.get("count")), period.get("start") + " " + group.get("value"));
            }
        }
        Reply byHour = get(caller, "/v1/stats/messages?from=2026-05-04T00:00:00Z&to=2026-05-05T00:00:00Z&granularity=hour"
                + "&group_by=error_code&direction=outbound", reader);
        assertEquals(200, byHour.status(), byHour.body());
        List<Map<String, Object>> hours = (List<Map<String, Object>>) byHour.json().get("periods");
        assertEquals(24, hours.size());
        assertEquals(sql.queryValue("SELECT count(*) FROM messages WHERE direction = 'outbound' AND error_code = '131047' "
                + "AND created_at >= '2026-05-04' AND created_at < '2026-05-05'"), String.valueOf(hours.stream()
                .flatMap(h -> ((List<Map<String, Object>>) h.get("groups")).stream())
                .filter(g -> "131047".equals(g.get("value"))).mapToLong(g -> ((Number) g.get("count")).longValue()).sum()));
        Reply byTemplate = get(caller, "/v1/stats/messages?from=2026-05-01&to=2026-06-01&group_by=template", reader);
        assertEquals(200, byTemplate.status(), byTemplate.body());
        assertEquals(31, ((List<Object>) byTemplate.json().get("periods")).size());
    }

    @ParameterizedTest
    @MethodSource("callers")
    @SuppressWarnings("unchecked")
    void badStatsQueriesAreProblemsNamingEachParameter(Caller caller) {
        Reply bad = get(caller, "/v1/stats/messages?from=2026-05-04T00:30:00Z&to=yesterday&granularity=minute&group_by=color"
                + "&direction=sideways", reader);
        assertEquals(400, bad.status(), bad.body());
        assertTrue(bad.header("Content-Type").startsWith("application/problem+json"));
        List<Object> fields = ((List<Map<String, Object>>) bad.json().get("errors")).stream().map(e -> e.get("field")).toList();
        assertEquals(List.of("granularity", "group_by", "direction", "from", "to"), fields);

        Reply tooLong = get(caller, "/v1/stats/messages?from=2026-01-01&to=2026-03-01&granularity=hour", reader);
        assertEquals(400, tooLong.status(), tooLong.body());
        assertTrue(tooLong.body().contains("at most 31 days"), tooLong.body());
        Reply backwards = get(caller, "/v1/stats/messages?from=2026-03-01&to=2026-01-01", reader);
        assertEquals(400, backwards.status(), backwards.body());
        Reply notMidnight = get(caller, "/v1/stats/messages?from=2026-03-01T05:00:00Z&to=2026-03-02", reader);
        assertEquals(400, notMidnight.status(), notMidnight.body());
        Reply missing = get(caller, "/v1/stats/messages", reader);
        assertEquals(400, missing.status(), missing.body());
        Reply noScope = get(caller, "/v1/stats/messages?from=2026-05-04&to=2026-05-05", sender);
        assertEquals(403, noScope.status(), noScope.body());
    }
}
