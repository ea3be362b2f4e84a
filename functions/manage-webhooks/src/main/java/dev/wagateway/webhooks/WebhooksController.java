package dev.wagateway.webhooks;

import dev.wagateway.delivery.Deliveries;
import dev.wagateway.delivery.Redelivery;
import dev.wagateway.delivery.SignatureScheme;
import dev.wagateway.delivery.Subscription;
import dev.wagateway.delivery.Subscriptions;
import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.InvalidCursorException;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.ProblemDocs;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Subscriptions: the team's webhooks, where events are pushed. Scope {@code webhooks:manage}. */
@Controller("/v1/webhooks")
@ExecuteOn(TaskExecutors.BLOCKING)
@RequiresScope(Scopes.WEBHOOKS_MANAGE)
@ProblemDocs.BadRequest
public class WebhooksController {

    static final Duration ROTATION_GRACE = Duration.ofHours(24);
    private static final Duration MAX_REPLAY_RANGE = Duration.ofDays(31);

    private final Subscriptions subscriptions;
    private final SubscriptionRules rules;
    private final Deliveries deliveries;
    private final Redelivery redelivery;
    private final TestEventSender test;
    private final Clock clock;

    WebhooksController(Subscriptions subscriptions, SubscriptionRules rules, Deliveries deliveries, Redelivery redelivery,
                       TestEventSender test, Clock clock) {
        this.subscriptions = subscriptions;
        this.rules = rules;
        this.deliveries = deliveries;
        this.redelivery = redelivery;
        this.test = test;
        this.clock = clock;
    }

    /**
     * Subscribes a URL to events (201). The answer holds the signing secret, shown only here. Scope {@code webhooks:manage}.
     *
     * @return the subscription, with its secret
     */
    @Post
    @Status(HttpStatus.CREATED)
    @ApiResponse(responseCode = "201", description = "Subscribed; the secret is shown only in this answer", useReturnTypeSchema = true)
    public CreatedSubscription createSubscription(@Body @Valid SubscriptionRequest body) {
        String url = rules.url(body.url());
        List<String> events = SubscriptionRules.events(body.events());
        SignatureScheme scheme = body.signatureScheme() == null ? SignatureScheme.STANDARD
                : SignatureScheme.fromWire(body.signatureScheme()).orElseThrow();
        Subscription created = subscriptions.create(url, events, body.phoneNumberIds() == null ? List.of() : body.phoneNumberIds(),
                blankToNull(body.description()), scheme);
        return CreatedSubscription.of(SubscriptionView.of(created, clock.instant()), created.secret());
    }

    /**
     * Every subscription (disabled ones too), oldest first. Scope {@code webhooks:manage}.
     *
     * @param cursor the {@code next_cursor} of the page before
     * @param limit  subscriptions per page
     * @return one page of subscriptions
     */
    @Get
    public Page<SubscriptionView> listSubscriptions(@Nullable @QueryValue String cursor,
                                       @QueryValue(defaultValue = "50") @Min(1) @Max(100) int limit) {
        Optional<Cursor> after = Cursor.decode(cursor);
        Instant now = clock.instant();
        return Page.of(subscriptions.list(after.map(Cursor::instantKey).orElse(null), after.map(Cursor::id).orElse(null), limit + 1),
                limit, s -> Cursor.after(s.createdAt(), s.id())).map(s -> SubscriptionView.of(s, now));
    }

    /**
     * One subscription. Scope {@code webhooks:manage}.
     *
     * @param id the subscription's id ({@code wh_...}, or an imported one's)
     * @return the subscription
     */
    @Get("/{id}")
    @ProblemDocs.NotFound
    public SubscriptionView getSubscription(@PathVariable String id) {
        return SubscriptionView.of(find(id), clock.instant());
    }

    /**
     * Changes the URL, the events, the business numbers, the description or whether it is active. Scope {@code webhooks:manage}.
     *
     * @param id the subscription's id
     * @return the subscription as it is now
     */
    @Patch("/{id}")
    @ProblemDocs.NotFound
    public SubscriptionView updateSubscription(@PathVariable String id, @Body @Valid SubscriptionChanges body) {
        find(id);
        String url = body.url() == null ? null : rules.url(body.url());
        List<String> events = body.events() == null ? null : SubscriptionRules.events(body.events());
        Subscription updated = subscriptions.update(id, url, events, body.phoneNumberIds(), body.description() != null,
                blankToNull(body.description()), body.active()).orElseThrow(() -> notFound(id));
        return SubscriptionView.of(updated, clock.instant());
    }

    /**
     * Deletes the subscription (204): no more deliveries; its delivery log stays until retention. Scope {@code webhooks:manage}.
     *
     * @param id the subscription's id
     */
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    @ProblemDocs.NotFound
    public void deleteSubscription(@PathVariable String id) {
        if (!subscriptions.delete(id)) {
            throw notFound(id);
        }
    }

    /**
     * A new signing secret; for 24 hours every delivery is signed under the old one too, so receivers can switch. Scope {@code webhooks:manage}.
     *
     * @param id the subscription's id
     * @return the new secret, shown only here
     */
    @Post("/{id}/secret")
    @ProblemDocs.NotFound
    public RotatedSecret rotateSubscriptionSecret(@PathVariable String id) {
        find(id);
        Subscription rotated = subscriptions.rotateSecret(id, clock.instant(), ROTATION_GRACE).orElseThrow(() -> notFound(id));
        return new RotatedSecret(rotated.id(), rotated.secret(), rotated.previousSecretExpiresAt());
    }

    /**
     * Sends a {@code webhook.test} event to this subscription now and answers with what the attempt got
     * (a failed one is retried like any delivery). Scope {@code webhooks:manage}.
     *
     * @param id the subscription's id
     * @return the attempt's result
     */
    @Post("/{id}/test")
    @ProblemDocs.NotFound
    @ProblemDocs.Conflict
    public TestResult testSubscription(@PathVariable String id) {
        return test.run(find(id));
    }

    /**
     * Every attempt to deliver to this subscription, newest first. Scope {@code webhooks:manage}.
     *
     * @param id     the subscription's id
     * @param state  only attempts of deliveries now {@code pending}, {@code delivered}, {@code dead} or {@code cancelled}
     * @param cursor the {@code next_cursor} of the page before
     * @param limit  attempts per page
     * @return one page of attempts
     */
    @Get("/{id}/deliveries")
    @ProblemDocs.NotFound
    public Page<AttemptView> listSubscriptionDeliveries(@PathVariable String id,
                                        @Nullable @QueryValue @Pattern(regexp = "pending|delivered|dead|cancelled") String state,
                                        @Nullable @QueryValue String cursor,
                                        @QueryValue(defaultValue = "50") @Min(1) @Max(100) int limit) {
        find(id);
        Long before = Cursor.decode(cursor).map(c -> attemptId(c.id())).orElse(null);
        List<Deliveries.Attempt> fetched = deliveries.attempts(id, before, state, limit + 1);
        return Page.of(fetched, limit, a -> new Cursor(null, String.valueOf(a.id()))).map(AttemptView::of);
    }

    /**
     * Sends again (202) the events created in a time range that this subscription wants now, delivered
     * or dead alike, each with a fresh retry schedule; at most 10,000 per request. Scope {@code webhooks:manage}.
     *
     * @param id the subscription's id
     * @return how many deliveries were queued
     */
    @Post("/{id}/replay")
    @Status(HttpStatus.ACCEPTED)
    @ApiResponse(responseCode = "202", description = "Queued", useReturnTypeSchema = true)
    @ProblemDocs.NotFound
    public Queued replaySubscriptionEvents(@PathVariable String id, @Body @Valid ReplayRequest body) {
        Subscription subscription = find(id);
        if (!body.from().isBefore(body.to())) {
            throw ProblemException.invalidField("to", "must be after from");
        }
        if (Duration.between(body.from(), body.to()).compareTo(MAX_REPLAY_RANGE) > 0) {
            throw ProblemException.invalidField("to", "must be at most 31 days after from");
        }
        Redelivery.Replayed replayed = redelivery.replay(subscription, body.from(), body.to());
        return new Queued(replayed.queued(), replayed.lastEventId());
    }

    private Subscription find(String id) {
        return subscriptions.find(id).orElseThrow(() -> notFound(id));
    }

    private static ProblemException notFound(String id) {
        return new ProblemException(ProblemType.NOT_FOUND, "No webhook " + id + ".");
    }

    private static long attemptId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new InvalidCursorException();
        }
    }

    private static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
