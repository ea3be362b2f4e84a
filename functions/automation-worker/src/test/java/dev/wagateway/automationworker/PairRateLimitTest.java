package dev.wagateway.automationworker;

import dev.wagateway.shared.whatsapp.GraphApiClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Meta's pair rate limit (here 2 s between two messages to one user, 6 s in production): replies are
 * spaced, one due later than max-wait goes back to the queue, and none is dropped.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PairRateLimitTest {

    private AutomationStack stack;

    @BeforeAll
    void start() {
        stack = new AutomationStack(getClass().getSimpleName(), Map.of("automation.pair-interval", "2s", "automation.max-wait", "1s"));
        long flow = Long.parseLong(stack.sql.queryValue("INSERT INTO flows (name, trigger_keyword, is_active) VALUES ('menu', 'menu', true) RETURNING id"));
        stack.sql.execute("INSERT INTO flow_nodes (flow_id, node_key, type, config) VALUES "
                + "(" + flow + ", 'one', 'message', '{\"text\": \"one\"}'), (" + flow + ", 'two', 'message', '{\"text\": \"two\"}'), "
                + "(" + flow + ", 'three', 'message', '{\"text\": \"three\"}')");
        stack.sql.execute("INSERT INTO flow_edges (flow_id, source_node_key, target_node_key) VALUES (" + flow + ", 'one', 'two'), ("
                + flow + ", 'two', 'three')");
        // The Graph API client's first call opens its connection pool: not part of what this test times.
        stack.context.getBean(GraphApiClient.class).sendMessage(AutomationStack.NUMBER, Map.of("messaging_product", "whatsapp",
                "to", "16505550000", "type", "text", "text", Map.of("body", "warm-up")));
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void repliesAreSpacedAndTheOnesDueLaterGoBackToTheQueueNeverDropped() throws InterruptedException {
        String phone = AutomationStack.newPhone();
        String event = stack.inbound(phone, "menu");
        long started = System.nanoTime();
        // one now; two due in 2 s, more than max-wait: back to the queue.
        assertEquals(1, stack.deliver(event).getBatchItemFailures().size());
        assertEquals(List.of("one"), stack.textsTo(phone));
        assertEquals("2", stack.sql.queryValue("SELECT count(*) FROM automation_replies WHERE phone = '" + phone + "' AND state = 'pending'"));
        sleepUntilDueIn(phone, 500);
        // two is due within max-wait: waited for here; three is 2 s after it: back to the queue.
        assertEquals(1, stack.deliver(event).getBatchItemFailures().size(), "SQS hands it out again");
        assertEquals(List.of("one", "two"), stack.textsTo(phone));
        assertTrue(System.nanoTime() - started >= 1_900_000_000L, "two waited for its turn");
        sleepUntilDueIn(phone, 500);
        assertEquals(List.of(), stack.deliver(event).getBatchItemFailures());
        assertEquals(List.of("one", "two", "three"), stack.textsTo(phone), "none dropped, none twice");
        assertTrue(System.nanoTime() - started >= 3_900_000_000L, "three waited for its turn");
    }

    /** Until the next pending reply to the phone is due in {@code millis}. */
    private void sleepUntilDueIn(String phone, long millis) throws InterruptedException {
        long dueInMillis = (long) Double.parseDouble(stack.sql.queryValue("SELECT extract(epoch FROM min(not_before) - clock_timestamp()) * 1000 "
                + "FROM automation_replies WHERE phone = '" + phone + "' AND state = 'pending'"));
        Thread.sleep(Math.max(0, dueInMillis - millis));
    }
}
