package dev.wagateway.dispatch;

import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import dev.wagateway.devdb.Sql;
import dev.wagateway.lambdaevents.LambdaEvents;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The scheduled fold of the message stats, as EventBridge runs it every minute (the sweep's Lambda handler): the
 * changes the triggers on {@code messages} appended are counted by hour and by day, and none is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatsFoldTest {

    private EventsStack stack;
    private ApplicationContext context;
    private Sql sql;

    @BeforeAll
    void start() {
        stack = new EventsStack(getClass().getSimpleName());
        context = stack.context(Map.of());
        sql = new Sql(stack.database);
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theSweepFoldsTheStatsChangesIntoTheHourlyAndDailyCounts() {
        sql.execute("INSERT INTO messages (id, phone, direction, type, status, created_at) SELECT 'msg_fold' || i, '+16505551234', "
                + "'outbound', 'text', 'sent', timestamptz '2026-03-02 10:00:00+00' + i * interval '1 minute' FROM generate_series(1, 90) AS i");
        sql.execute("UPDATE messages SET status = 'read' WHERE id IN ('msg_fold1', 'msg_fold2')");
        assertEquals("t", sql.queryValue("SELECT count(*) > 0 FROM message_stats_changes"));

        Map<String, Object> swept = (Map<String, Object>) new SweepHandler(context).handleRequest(new ScheduledEvent(),
                LambdaEvents.context());

        assertEquals("0", sql.queryValue("SELECT count(*) FROM message_stats_changes"), "every change folded");
        assertEquals(true, ((Number) swept.get("stats_changes_folded")).longValue() > 0, swept.toString());
        // 10:01-10:59 (59) and 11:00-11:30 (31); two of them read.
        assertEquals("2,57,31", sql.queryValue("SELECT string_agg(count::text, ',' ORDER BY bucket, value) FROM message_stats_hourly "
                + "WHERE dimension = 'status' AND count <> 0"));
        assertEquals("88,2", sql.queryValue("SELECT string_agg(count::text, ',' ORDER BY value DESC) FROM message_stats_daily "
                + "WHERE dimension = 'status' AND bucket = '2026-03-02' AND count <> 0"));
    }
}
