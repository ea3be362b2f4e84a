package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.devdb.Sql;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A stats request folds the waiting changes itself only past {@link MessageStatsController#FOLD_ABOVE} of them (the
 * scheduled fold behind): at the threshold it reads them as they are, one more and it folds them first; the answers
 * match a plain count of the messages either way, by hour and by day.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsFoldOnRequestTest implements FreshDatabase {

    private final FakeGraphApi fake = new FakeGraphApi(SendTestSupport.TOKEN);
    private Sql sql;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService keys;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(SendTestSupport.properties(database, fake));
    }

    @AfterAll
    void stop() {
        fake.close();
    }

    @Test
    void aRequestFoldsOnlyPastTheThresholdAndAnswersExactlyEitherWay() {
        String reader = "Bearer " + keys.create("read", List.of(Scopes.MESSAGES_READ), 100_000, null).key();
        Caller caller = TwoWays.lambda(new ApiGatewayHandler(context));
        // One message per template: each is its own group, so the insert trigger appends one change per message.
        insert(1, (int) MessageStatsController.FOLD_ABOVE);
        assertEquals(String.valueOf(MessageStatsController.FOLD_ABOVE), sql.queryValue("SELECT count(*) FROM message_stats_changes"));
        assertEquals(String.valueOf(MessageStatsController.FOLD_ABOVE),
                sql.queryValue("SELECT max(id) - min(id) + 1 FROM message_stats_changes"), "what the request sees waiting");

        assertExact(caller, reader);
        assertEquals(String.valueOf(MessageStatsController.FOLD_ABOVE), sql.queryValue("SELECT count(*) FROM message_stats_changes"),
                "at the threshold a request reads the changes, folds none");
        assertEquals("0", sql.queryValue("SELECT count(*) FROM message_stats_hourly"));

        insert((int) MessageStatsController.FOLD_ABOVE + 1, 1);
        assertExact(caller, reader);
        assertEquals("0", sql.queryValue("SELECT count(*) FROM message_stats_changes"), "past it the request folded them all");
        assertEquals(String.valueOf(MessageStatsController.FOLD_ABOVE + 1),
                sql.queryValue("SELECT sum(count) FROM message_stats_hourly WHERE dimension = 'template'"), "every message counted");
        // Read again from the counts alone: the same.
        assertExact(caller, reader);
    }

    private void insert(int first, int count) {
        // Every 3 minutes from May 1st: 10,001 messages fit in 21 days (one request by hour).
        sql.execute("""
                INSERT INTO messages (id, phone, direction, type, status, template_name, error_code, pricing_category, created_at)
                SELECT 'msg_fold' || i, '+15550102030', CASE WHEN i %% 5 = 0 THEN 'inbound' ELSE 'outbound' END,
                       CASE WHEN i %% 5 = 0 THEN 'text' ELSE 'template' END,
                       CASE WHEN i %% 5 = 0 THEN 'received' ELSE (ARRAY['sent', 'delivered', 'read', 'failed'])[1 + i %% 4] END,
                       'tmpl_' || i, CASE WHEN i %% 4 = 3 THEN '131047' END, CASE WHEN i %% 5 <> 0 THEN 'utility' END,
                       TIMESTAMPTZ '2026-05-01 00:00:00+00' + (i * interval '3 minutes')
                FROM generate_series(%d, %d) AS i""".formatted(first, first + count - 1));
    }

    private void assertExact(Caller caller, String reader) {
        for (String[] asked : new String[][] {{"hour", "template", "template_name"}, {"hour", "status", "status"},
                {"day", "error_code", "error_code"}, {"day", "template", "template_name"}}) {
            Reply reply = caller.call("GET", "/v1/stats/messages?from=2026-05-01T00:00:00Z&to=2026-05-31T00:00:00Z&granularity="
                    + asked[0] + "&group_by=" + asked[1], Map.of("Authorization", reader), null);
            assertEquals(200, reply.status(), reply.body());
            assertEquals(plain(asked[0], asked[2]), answered(reply), asked[0] + " by " + asked[1]);
        }
    }

    @SuppressWarnings("unchecked")
    private static Set<String> answered(Reply reply) {
        Set<String> groups = new TreeSet<>();
        for (Map<String, Object> period : (List<Map<String, Object>>) reply.json().get("periods")) {
            for (Map<String, Object> group : (List<Map<String, Object>>) period.get("groups")) {
                groups.add(period.get("start") + "|" + group.get("value") + "=" + group.get("count"));
            }
        }
        return groups;
    }

    private Set<String> plain(String granularity, String column) {
        String all = sql.queryValue("SELECT string_agg(period || '|' || coalesce(value, 'null') || '=' || n, ',') FROM ("
                + "SELECT to_char(date_trunc('" + granularity + "', created_at, 'UTC') AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS period, " + column + " AS value, count(*) AS n FROM messages "
                + "WHERE created_at >= '2026-05-01T00:00:00Z' AND created_at < '2026-05-31T00:00:00Z' GROUP BY 1, 2) AS counted");
        return Arrays.stream(all.split(",")).collect(Collectors.toCollection(TreeSet::new));
    }
}
