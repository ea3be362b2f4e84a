package dev.wagateway.shared.stats;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.message.MessageWriter;
import dev.wagateway.shared.message.StatusHistoryRepository;
import dev.wagateway.shared.status.StatusReport;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The stats over a generated month (a few thousand messages, then status moves, template and pricing changes and
 * deletions, folded part way) against a plain count of the messages, for every dimension, both granularities and
 * each direction; and the status writer's pricing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageStatsTest implements FreshDatabase {

    private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
    private static final Instant TO = Instant.parse("2026-04-01T00:00:00Z");
    private static final Map<String, String> MESSAGE_COLUMNS = Map.of("status", "status", "type", "type",
            "template", "template_name", "error_code", "error_code", "category", "pricing_category");

    @Inject
    MessageStats stats;

    @Inject
    MessageStatsWriter folds;

    @Inject
    MessageWriter messages;

    @Inject
    StatusHistoryRepository history;

    @Inject
    TransactionOperations<Connection> transactions;

    private Sql sql;
    private DatabaseCoordinates database;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        this.database = database;
        sql = new Sql(database);
    }

    @BeforeAll
    void generateAMonth() {
        // 3,000 messages over March (and a few just outside it), in one statement: the insert trigger's groups.
        sql.execute("""
                INSERT INTO messages (id, phone, direction, type, status, template_name, error_code, pricing_category, created_at)
                SELECT 'msg_gen' || i, '+1555010' || lpad((i % 1000)::text, 4, '0'),
                       CASE WHEN i % 4 = 0 THEN 'inbound' ELSE 'outbound' END,
                       CASE WHEN i % 4 = 0 THEN 'text' WHEN i % 3 = 0 THEN 'template' ELSE (ARRAY['text', 'image', 'document'])[1 + i % 3] END,
                       CASE WHEN i % 4 = 0 THEN 'received' ELSE (ARRAY['sent', 'delivered', 'read', 'failed'])[1 + i % 4] END,
                       CASE WHEN i % 4 <> 0 AND i % 3 = 0 THEN 'tmpl_' || (i % 7) END,
                       CASE WHEN i % 4 = 3 THEN (ARRAY['131047', '131026', '130472'])[1 + i % 3] END,
                       CASE WHEN i % 4 <> 0 AND i % 5 <> 0 THEN (ARRAY['utility', 'marketing', 'service'])[1 + i % 3] END,
                       TIMESTAMPTZ '2026-02-28 20:00:00+00' + (i * interval '15 minutes')
                FROM generate_series(1, 3000) AS i""");
        folds.fold(1_000_000);
        // Then the month goes on: statuses move one by one, some in bulk, a template noted, messages deleted;
        // only part of it folded, so both the hourly counts and the pending changes are read.
        for (int i = 1; i <= 40; i++) {
            sql.execute("UPDATE messages SET status = 'read' WHERE id = 'msg_gen" + (i * 7) + "' AND direction = 'outbound'");
        }
        sql.execute("UPDATE messages SET status = 'delivered', pricing_category = 'marketing' WHERE id IN "
                + "(SELECT 'msg_gen' || i FROM generate_series(100, 900, 3) AS i) AND direction = 'outbound' AND status = 'sent'");
        folds.fold(25);
        sql.execute("UPDATE messages SET template_name = 'welcome' WHERE id = 'msg_gen1001'");
        sql.execute("DELETE FROM messages WHERE id IN (SELECT 'msg_gen' || i FROM generate_series(2000, 2100) AS i)");
        sql.execute("UPDATE messages SET error_code = '131049' WHERE id IN (SELECT 'msg_gen' || i FROM generate_series(2500, 2600) AS i)");
    }

    @Test
    void everyDimensionAndGranularityMatchesAPlainCountOfTheMessages() throws SQLException {
        assertTrue(Integer.parseInt(sql.queryValue("SELECT count(*) FROM message_stats_changes")) > 0, "some changes unfolded");
        for (String dimension : MessageStats.DIMENSIONS.keySet()) {
            for (String granularity : MessageStats.GRANULARITIES) {
                for (String direction : new String[] {null, "inbound", "outbound"}) {
                    List<MessageStats.Count> counted = stats.count(dimension, granularity, FROM, TO, direction);
                    List<MessageStats.Count> plain = plainCount(MESSAGE_COLUMNS.get(dimension), granularity, FROM, TO, direction);
                    assertEquals(plain, counted, dimension + " by " + granularity + ", direction " + direction);
                    assertTrue(!plain.isEmpty());
                }
            }
        }
        // Folding the rest changes nothing a read sees.
        List<MessageStats.Count> before = stats.count("status", "hour", FROM, TO, null);
        folds.fold(1_000_000);
        assertEquals("0", sql.queryValue("SELECT count(*) FROM message_stats_changes"));
        assertEquals(before, stats.count("status", "hour", FROM, TO, null));
        assertEquals(plainCount("error_code", "day", FROM, TO, null), stats.count("error_code", "day", FROM, TO, null));
        // The daily counts (V55's triggers on the hourly ones) are the hourly counts summed by day, row for row.
        String hourlyByDay = "SELECT dimension, date_trunc('day', bucket, 'UTC'), direction, value, sum(count) FROM message_stats_hourly "
                + "GROUP BY 1, 2, 3, 4 HAVING sum(count) <> 0";
        String daily = "SELECT dimension, bucket, direction, value, count FROM message_stats_daily WHERE count <> 0";
        assertEquals("0", sql.queryValue("SELECT count(*) FROM ((" + hourlyByDay + " EXCEPT ALL " + daily + ") UNION ALL ("
                + daily + " EXCEPT ALL " + hourlyByDay + ")) AS differ"));
        assertTrue(Integer.parseInt(sql.queryValue("SELECT count(*) FROM message_stats_daily")) > 0);
        assertHourGroupsAreTheHourlyCounts();
        // The hour's one inbound message deleted: its counts go back to 0, its hour's rows (V57) are left empty.
        sql.execute("DELETE FROM messages WHERE id = 'msg_gen1000'");
        folds.fold(1_000_000);
        assertHourGroupsAreTheHourlyCounts();
        assertEquals("0", sql.queryValue("SELECT sum(cardinality(counts)) FROM message_stats_hour_groups WHERE direction = 'inbound' "
                + "AND bucket = (SELECT date_trunc('hour', created_at, 'UTC') FROM messages WHERE id = 'msg_gen1001')"));
        assertEquals(plainCount("template_name", "hour", FROM, TO, null), stats.count("template", "hour", FROM, TO, null));
    }

    /** V57's rows, one per hour, dimension and direction, hold exactly the hourly counts that are not 0. */
    private void assertHourGroupsAreTheHourlyCounts() {
        String hourly = "SELECT dimension, bucket, direction, value, count FROM message_stats_hourly WHERE count <> 0";
        String grouped = "SELECT g.dimension, g.bucket, g.direction, u.value, u.count FROM message_stats_hour_groups AS g "
                + "CROSS JOIN LATERAL unnest(g.\"values\", g.counts) AS u(value, count)";
        assertEquals("0", sql.queryValue("SELECT count(*) FROM ((" + hourly + " EXCEPT ALL " + grouped + ") UNION ALL ("
                + grouped + " EXCEPT ALL " + hourly + ")) AS differ"));
        assertEquals(sql.queryValue("SELECT count(DISTINCT (dimension, bucket, direction)) FROM message_stats_hourly"),
                sql.queryValue("SELECT count(*) FROM message_stats_hour_groups"), "one row per hour, dimension and direction");
    }

    @Test
    void aStatusKeepsMetasPricingAndGivesItsMessageThePricingCategory() {
        sql.execute("INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id, created_at) VALUES "
                + "('msg_priced', '+16505551234', 'outbound', 'template', 'sent', 'wamid.priced', '2026-03-10T10:15:00Z')");
        String sent = """
                {"id":"wamid.priced","status":"sent","timestamp":"1763793601","recipient_id":"16505551234",
                 "conversation":{"id":"6ceb9d929c1a9ef6a1e4b7e4e0e5a3c1","expiration_timestamp":"1763880001","origin":{"type":"utility"}},
                 "pricing":{"billable":true,"pricing_model":"PMP","category":"utility","type":"regular"}}""";
        record("wamid.priced", "sent", 1, null, sent);
        assertEquals("sent|utility", sql.queryValue("SELECT status || '|' || pricing_category FROM messages WHERE id = 'msg_priced'"),
                "a status that does not move the message still gives it its category");
        assertEquals("PMP", sql.queryValue("SELECT pricing->>'pricing_model' FROM message_status_events WHERE whatsapp_message_id = 'wamid.priced'"));
        String errors = "[{\"code\":131047,\"title\":\"Re-engagement message\",\"message\":\"Re-engagement message\","
                + "\"error_data\":{\"details\":\"More than 24 hours have passed.\"},\"href\":\"https://developers.facebook.com/docs/\"}]";
        record("wamid.priced", "failed", 2, errors, "{\"id\":\"wamid.priced\",\"status\":\"failed\",\"errors\":" + errors + "}");
        assertEquals("failed|131047|utility", sql.queryValue("SELECT status || '|' || error_code || '|' || pricing_category "
                + "FROM messages WHERE id = 'msg_priced'"));
        var entries = history.findByMessageId("msg_priced", 100);
        assertEquals(List.of("sent", "failed"), entries.stream().map(e -> e.status()).toList());
        assertEquals("utility", entries.getFirst().pricing().get("category"));
        assertEquals("6ceb9d929c1a9ef6a1e4b7e4e0e5a3c1", entries.getFirst().conversation().get("id"));
        assertEquals(131047, ((Map<?, ?>) entries.get(1).errors().getFirst()).get("code"));
        // A status stored before V50 (pricing only in its payload) is read the same.
        sql.execute("INSERT INTO message_status_events (whatsapp_message_id, message_id, status, occurred_at, payload) VALUES "
                + "('wamid.priced', 'msg_priced', 'delivered', '2026-03-10T10:16:00Z', '{\"pricing\":{\"category\":\"marketing\"}}')");
        assertEquals("marketing", history.findByMessageId("msg_priced", 100).getLast().pricing().get("category"));

        // A status that came before its message: attached, with its category, when the message is stored.
        record("wamid.early", "delivered", 3, null, sent.replace("wamid.priced", "wamid.early").replace("\"category\":\"utility\"", "\"category\":\"marketing\""));
        sql.execute("INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id) VALUES "
                + "('msg_early', '+16505551234', 'outbound', 'text', 'sent', 'wamid.early')");
        transactions.executeWrite(tx -> {
            try {
                return messages.applyPending("wamid.early");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        assertEquals("delivered|marketing", sql.queryValue("SELECT status || '|' || pricing_category FROM messages WHERE id = 'msg_early'"));
    }

    private void record(String wamid, String status, long second, String errors, String payload) {
        transactions.executeWrite(tx -> {
            messages.lock(List.of(wamid));
            messages.record(new StatusReport(wamid, status, Instant.ofEpochSecond(1_763_793_600L + second), "16505551234", null,
                    errors, payload), null, null);
            return null;
        });
    }

    private List<MessageStats.Count> plainCount(String column, String granularity, Instant from, Instant to, String direction)
            throws SQLException {
        String query = "SELECT date_trunc('" + granularity + "', created_at, 'UTC'), " + column + ", count(*) FROM messages "
                + "WHERE created_at >= '" + Timestamp.from(from).toInstant() + "' AND created_at < '" + Timestamp.from(to).toInstant() + "'"
                + (direction == null ? "" : " AND direction = '" + direction + "'")
                + " GROUP BY 1, 2 ORDER BY 1, " + column + " COLLATE \"C\" NULLS LAST";
        List<MessageStats.Count> counts = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
             Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(query)) {
            while (result.next()) {
                counts.add(new MessageStats.Count(result.getTimestamp(1).toInstant(), result.getString(2), result.getLong(3)));
            }
        }
        return counts;
    }
}
