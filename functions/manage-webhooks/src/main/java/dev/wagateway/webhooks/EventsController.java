package dev.wagateway.webhooks;

import dev.wagateway.delivery.Redelivery;
import dev.wagateway.events.Event;
import dev.wagateway.events.EventLog;
import dev.wagateway.events.EventType;
import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.ProblemDocs;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;
import java.util.regex.Pattern;

/** The events themselves, for clients that pull or catch up, and redelivery of one. */
@Controller("/v1/events")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemDocs.BadRequest
public class EventsController {

    private static final Pattern EVENT_ID = Pattern.compile("evt_[0-9A-HJKMNP-TV-Z]{26}");

    private final EventLog events;
    private final Redelivery redelivery;

    EventsController(EventLog events, Redelivery redelivery) {
        this.events = events;
        this.redelivery = redelivery;
    }

    /**
     * Events in the order they became visible, oldest first (kept 30 days). Page on with
     * {@code after} = the last event's id (also {@code next_cursor}): an event committed later always
     * comes after it, so polling with the last id seen misses nothing. Scope {@code events:read}.
     *
     * @param type  only this type
     * @param after the id of the last event already seen
     * @param limit events per page
     * @return one page of events; {@code next_cursor} is set when more are there now
     */
    @Get
    @RequiresScope(Scopes.EVENTS_READ)
    public Page<Event> listEvents(@Nullable @QueryValue String type, @Nullable @QueryValue String after,
                            @QueryValue(defaultValue = "100") @Min(1) @Max(1000) int limit) {
        String typeFilter = null;
        if (type != null && !type.isBlank()) {
            typeFilter = EventType.fromWire(type.strip()).map(EventType::wireName)
                    .orElseThrow(() -> ProblemException.invalidField("type", "is not an event type"));
        }
        String afterId = null;
        if (after != null && !after.isBlank()) {
            afterId = after.strip();
            if (!EVENT_ID.matcher(afterId).matches()) {
                throw ProblemException.invalidField("after", "must be an event id (evt_...)");
            }
            if (!events.exists(afterId)) {
                throw ProblemException.invalidField("after", "is no event kept here (events are kept 30 days)");
            }
        }
        List<Event> fetched = events.list(typeFilter, afterId, limit + 1);
        if (fetched.size() <= limit) {
            return new Page<>(fetched, null);
        }
        List<Event> page = List.copyOf(fetched.subList(0, limit));
        return new Page<>(page, page.getLast().id());
    }

    /**
     * One event. Scope {@code events:read}.
     *
     * @param id the event's id ({@code evt_...})
     * @return the event
     */
    @Get("/{id}")
    @RequiresScope(Scopes.EVENTS_READ)
    @ProblemDocs.NotFound
    public Event getEvent(@PathVariable String id) {
        return (EVENT_ID.matcher(id).matches() ? events.find(id) : java.util.Optional.<Event>empty())
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No event " + id + "."));
    }

    /**
     * Sends the event again (202) to every active subscription that wants it, with a fresh retry
     * schedule. Scope {@code webhooks:manage}.
     *
     * @param id the event's id
     * @return how many deliveries were queued
     */
    @Post("/{id}/redeliver")
    @RequiresScope(Scopes.WEBHOOKS_MANAGE)
    @Status(HttpStatus.ACCEPTED)
    @ApiResponse(responseCode = "202", description = "Queued", useReturnTypeSchema = true)
    @ProblemDocs.NotFound
    public Queued redeliverEvent(@PathVariable String id) {
        int queued = (EVENT_ID.matcher(id).matches() ? redelivery.redeliver(id) : java.util.Optional.<Integer>empty())
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No event " + id + "."));
        return new Queued(queued, null);
    }
}
