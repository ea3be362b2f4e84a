package dev.wagateway.delivery;

import dev.wagateway.delivery.Deliveries.Claimed;
import dev.wagateway.delivery.Deliveries.Outcome;
import dev.wagateway.delivery.Deliveries.Target;
import dev.wagateway.delivery.Deliveries.Unrouted;
import dev.wagateway.events.Event;
import dev.wagateway.events.EventConsumers;
import dev.wagateway.events.EventLog;
import dev.wagateway.events.EventMessage;
import dev.wagateway.events.EventQueue;
import dev.wagateway.events.EventType;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Delivers what the event queue carries: each event to every subscription that wants it (one
 * delivery per subscription, attempted side by side, so a slow or dead subscriber delays no other),
 * and due retries. Idempotent by event id and subscription: a copy of a message, or a message for a
 * delivery another worker holds, attempts nothing twice.
 */
@Singleton
public class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Deliveries deliveries;
    private final Subscriptions subscriptions;
    private final EventLog events;
    private final EventQueue queue;
    private final EventConsumers consumers;
    private final SubscriberClient client;
    private final RetrySchedule schedule;
    private final DeliverySettings settings;
    private final JsonMapper json;
    private final Clock clock;
    private final ExecutorService attempts = Executors.newVirtualThreadPerTaskExecutor();
    private final Semaphore inFlight;

    public Dispatcher(Deliveries deliveries, Subscriptions subscriptions, EventLog events, EventQueue queue,
                      EventConsumers consumers, SubscriberClient client, RetrySchedule schedule, DeliverySettings settings, JsonMapper json, Clock clock) {
        this.deliveries = deliveries;
        this.subscriptions = subscriptions;
        this.events = events;
        this.queue = queue;
        this.consumers = consumers;
        this.client = client;
        this.schedule = schedule;
        this.settings = settings;
        this.json = json;
        this.clock = clock;
        this.inFlight = new Semaphore(Math.max(1, settings.parallelAttempts()));
    }

    /** What a batch did. */
    public record Result(int attempted, int delivered, int failed) {
    }

    /**
     * Handles a batch of queue messages; throws only when the batch could not be handled (the
     * database unavailable): the caller then reports every message as failed, and SQS hands them
     * out again.
     */
    public Result dispatch(List<EventMessage> messages) {
        Set<String> eventIds = new LinkedHashSet<>();
        List<Target> targets = new ArrayList<>();
        for (EventMessage message : messages) {
            if (message.webhookId() == null) {
                eventIds.add(message.eventId());
            } else {
                targets.add(new Target(message.eventId(), message.webhookId()));
            }
        }
        Map<String, Subscription> active = new HashMap<>();
        subscriptions.active().forEach(s -> active.put(s.id(), s));
        fanOut(eventIds, active);
        List<Claimed> claimed = deliveries.claim(eventIds, targets, settings.lease());
        return attempt(claimed, active);
    }

    /**
     * Attempts one delivery now, whatever its schedule said and whether the subscription is active (the
     * test route); empty when another worker holds it.
     */
    public Optional<Outcome> attemptNow(String eventId, String webhookId) {
        deliveries.reset(List.of(new Target(eventId, webhookId)));
        List<Claimed> claimed = deliveries.claim(List.of(), List.of(new Target(eventId, webhookId)), settings.lease());
        if (claimed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Subscription> active = new HashMap<>();
        subscriptions.find(webhookId).ifPresent(s -> active.put(s.id(), s));
        List<Outcome> outcomes = attemptAll(claimed, active);
        record(outcomes);
        scheduleRetries(outcomes);
        return outcomes.isEmpty() ? Optional.empty() : Optional.of(outcomes.getFirst());
    }

    private void fanOut(Set<String> eventIds, Map<String, Subscription> active) {
        if (eventIds.isEmpty()) {
            return;
        }
        List<Unrouted> unrouted = deliveries.unrouted(eventIds);
        if (unrouted.isEmpty()) {
            return;
        }
        List<Target> targets = new ArrayList<>();
        for (Unrouted event : unrouted) {
            for (Subscription subscription : active.values()) {
                if (routes(event, subscription)) {
                    targets.add(new Target(event.eventId(), subscription.id()));
                }
            }
        }
        // The product's own consumers first: an event one of them did not take stays unmarked, for the sweeper.
        Set<String> notForwarded = consumers.forward(unrouted.stream()
                .map(event -> new EventConsumers.Forward(event.eventId(), event.type())).toList());
        deliveries.fanOut(unrouted.stream().map(Unrouted::eventId).filter(id -> !notForwarded.contains(id)).toList(), targets);
    }

    /** Whether the subscription gets the event: its types and business numbers; a test only where asked. */
    static boolean routes(Unrouted event, Subscription subscription) {
        Optional<EventType> type = EventType.fromWire(event.type());
        if (type.isEmpty()) {
            return false;
        }
        if (type.get() == EventType.WEBHOOK_TEST) {
            return subscription.id().equals(event.webhookId());
        }
        if (!subscription.phoneNumberIds().isEmpty()
                && (event.phoneNumberId() == null || !subscription.phoneNumberIds().contains(event.phoneNumberId()))) {
            return false;
        }
        return SubscribedEvents.wants(subscription.events(), type.get());
    }

    private Result attempt(List<Claimed> claimed, Map<String, Subscription> active) {
        if (claimed.isEmpty()) {
            return new Result(0, 0, 0);
        }
        List<Outcome> outcomes = attemptAll(claimed, active);
        record(outcomes);
        scheduleRetries(outcomes);
        int delivered = (int) outcomes.stream().filter(o -> o.state().equals("delivered")).count();
        return new Result(outcomes.size(), delivered, outcomes.size() - delivered);
    }

    private List<Outcome> attemptAll(List<Claimed> claimed, Map<String, Subscription> active) {
        Map<String, String> bodies = new HashMap<>();
        for (Claimed delivery : claimed) {
            bodies.computeIfAbsent(delivery.eventId(), id -> events.find(id).map(this::body).orElse(null));
        }
        List<Future<Outcome>> running = new ArrayList<>();
        for (Claimed delivery : claimed) {
            Subscription subscription = active.get(delivery.webhookId());
            String body = bodies.get(delivery.eventId());
            running.add(attempts.submit(() -> attemptOne(delivery, subscription, body)));
        }
        List<Outcome> outcomes = new ArrayList<>();
        for (Future<Outcome> future : running) {
            try {
                outcomes.add(future.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while delivering", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("An attempt failed unexpectedly", e.getCause());
            }
        }
        return outcomes;
    }

    private Outcome attemptOne(Claimed delivery, Subscription subscription, String body) throws InterruptedException {
        Instant now = clock.instant();
        if (subscription == null) {
            return new Outcome(delivery, now, new SubscriberClient.Answer(null, 0, "the subscription is disabled or deleted",
                    null, null, false), "cancelled", null, false);
        }
        if (body == null) {
            return new Outcome(delivery, now, new SubscriberClient.Answer(null, 0, "the event is no longer kept",
                    null, null, false), "cancelled", null, false);
        }
        inFlight.acquire();
        SubscriberClient.Answer answer;
        try {
            answer = client.post(subscription.url(), Signatures.headers(subscription, delivery.eventId(), now, body), body);
        } finally {
            inFlight.release();
        }
        if (answer.succeeded()) {
            return new Outcome(delivery, now, answer, "delivered", null, true);
        }
        if (answer.statusCode() != null && answer.statusCode() == 410) {
            return new Outcome(delivery, now, answer, "cancelled", null, true);
        }
        Optional<Instant> next = schedule.next(delivery.attempt(), delivery.firstAttemptAt(), clock.instant(),
                answer.statusCode() != null && (answer.statusCode() == 429 || answer.statusCode() == 503) ? answer.retryAfter() : null);
        return next.map(at -> new Outcome(delivery, now, answer, "pending", at, true))
                .orElseGet(() -> new Outcome(delivery, now, answer, "dead", null, true));
    }

    /** The attempts, the deliveries' states and what they mean for their subscriptions, in one transaction. */
    @Transactional
    protected void record(List<Outcome> outcomes) {
        deliveries.record(outcomes);
        Map<String, Outcome> lastBySubscription = new HashMap<>();
        for (Outcome outcome : outcomes) {
            if (outcome.attempted()) {
                // One success in the batch ends the subscription's failure streak.
                lastBySubscription.merge(outcome.delivery().webhookId(), outcome,
                        (a, b) -> a.state().equals("delivered") ? a : b);
            }
        }
        Instant now = clock.instant();
        for (Outcome outcome : lastBySubscription.values()) {
            String webhookId = outcome.delivery().webhookId();
            Integer code = outcome.answer().statusCode();
            if (outcome.state().equals("delivered")) {
                subscriptions.succeeded(webhookId);
            } else if (code != null && code == 410) {
                String reason = "the subscriber answered 410 Gone at " + outcome.attemptedAt();
                if (subscriptions.disable(webhookId, reason)) {
                    LOG.info("Subscription {} disabled: {}", webhookId, reason);
                }
                deliveries.cancelPending(webhookId, "subscription disabled: 410 Gone");
            } else {
                Optional<Instant> since = subscriptions.failed(webhookId, outcome.attemptedAt());
                if (since.isPresent() && !since.get().plus(settings.disableAfterFailing()).isAfter(now)) {
                    String reason = "every attempt failed since " + since.get();
                    if (subscriptions.disable(webhookId, reason)) {
                        LOG.info("Subscription {} disabled: {}", webhookId, reason);
                    }
                }
            }
        }
    }

    /** Retries due within SQS's longest delay go to the queue delayed; later ones are the sweeper's. */
    private void scheduleRetries(List<Outcome> outcomes) {
        Instant now = clock.instant();
        for (Outcome outcome : outcomes) {
            if (outcome.nextAttemptAt() == null) {
                continue;
            }
            Duration wait = Duration.between(now, outcome.nextAttemptAt());
            if (wait.compareTo(EventQueue.MAX_DELAY) <= 0) {
                queue.sendLater(EventMessage.retry(outcome.delivery().eventId(), outcome.delivery().webhookId()),
                        wait.isNegative() ? Duration.ZERO : wait);
            }
        }
    }

    private String body(Event event) {
        try {
            return json.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @PreDestroy
    void close() {
        attempts.shutdownNow();
    }
}
