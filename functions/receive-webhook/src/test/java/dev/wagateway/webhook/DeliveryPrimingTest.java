package dev.wagateway.webhook;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.events.EventQueuePriming;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.metrics.EmfLines;
import dev.wagateway.localsqs.LocalSqs;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SnapStart priming of a delivery's whole path (signature, reading, the store, metrics): every sample delivery goes
 * through it, and nothing of it is left in the database or written as a metric.
 */
class DeliveryPrimingTest {

    private static final String COUNTS = "SELECT (SELECT count(*) FROM messages) || '/' || (SELECT count(*) FROM contacts)"
            + " || '/' || (SELECT count(*) FROM message_status_events) || '/' || (SELECT count(*) FROM events)"
            + " || '/' || (SELECT count(*) FROM webhook_rejects) || '/' || (SELECT count(*) FROM webhook_kept_events)";

    @Test
    void everyDeliveryIsPrimedAndNothingIsLeft() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Sql sql = new Sql(database);
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        properties.putAll(Samples.credentials());
        properties.put("wa-gateway.stage", "dev");
        try (LocalSqs sqs = LocalSqs.start()) {
            properties.putAll(sqs.properties());
            try (ApplicationContext context = ApplicationContext.run(properties)) {
                String before = sql.queryValue(COUNTS);
                DeliveryPriming priming = context.getBean(DeliveryPriming.class);
                assertEquals(List.of(), EmfLines.of(() -> priming.beforeCheckpoint(null)), "no metric line written");
                assertEquals(3, priming.lastPrimed(), "every sample read and stored (then rolled back)");
                assertEquals(before, sql.queryValue(COUNTS), "nothing lasting in the database");
                EventQueuePriming queue = context.getBean(EventQueuePriming.class);
                assertEquals(List.of(), EmfLines.of(() -> queue.beforeCheckpoint(null)), "no metric line written");
                assertTrue(queue.lastPrimed(), "the loopback batch went through the SDK and was taken");
                assertEquals(0, sqs.client().receiveMessage(r -> r.queueUrl(sqs.queueUrl()).waitTimeSeconds(1))
                        .messages().size(), "nothing reached the event queue");
            }
        }
    }
}
