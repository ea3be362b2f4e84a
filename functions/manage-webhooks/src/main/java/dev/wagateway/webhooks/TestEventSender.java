package dev.wagateway.webhooks;

import dev.wagateway.delivery.Deliveries;
import dev.wagateway.delivery.Dispatcher;
import dev.wagateway.delivery.Subscription;
import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/** {@code POST /v1/webhooks/{id}/test}: a {@code webhook.test} event for one subscription, delivered now. */
@Singleton
class TestEventSender {

    private final OutboxWriter outbox;
    private final Deliveries deliveries;
    private final Dispatcher dispatcher;

    TestEventSender(OutboxWriter outbox, Deliveries deliveries, Dispatcher dispatcher) {
        this.outbox = outbox;
        this.deliveries = deliveries;
        this.dispatcher = dispatcher;
    }

    TestResult run(Subscription subscription) {
        String eventId = write(subscription);
        Deliveries.Outcome outcome = dispatcher.attemptNow(eventId, subscription.id())
                .orElseThrow(() -> new ProblemException(ProblemType.CONFLICT, "The test delivery is already being attempted."));
        return new TestResult(eventId, outcome.state().equals("delivered"), outcome.answer().statusCode(),
                outcome.answer().durationMs(), outcome.answer().error(), outcome.answer().excerpt());
    }

    /** The event and its one delivery in one transaction: no worker fans it out to anyone else. */
    @Transactional
    String write(Subscription subscription) {
        try {
            String id = outbox.write(List.of(NewEvent.about(EventType.WEBHOOK_TEST, null, Map.<String, Object>of(
                    "webhook_id", subscription.id(),
                    "message", "A test delivery: verify its signature, then answer 2xx.")).withWebhookId(subscription.id())),
                    false).getFirst();
            deliveries.fanOut(List.of(id), List.of(new Deliveries.Target(id, subscription.id())));
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("Could not write the test event: " + e.getMessage(), e);
        }
    }
}
