package dev.wagateway.sendmessage;

import dev.wagateway.shared.auth.ApiKeyFilter;
import dev.wagateway.shared.auth.AuthenticatedKey;
import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.message.Message;
import dev.wagateway.shared.message.MessageRepository;
import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

@Controller("/v1/messages")
@ExecuteOn(TaskExecutors.BLOCKING)
class MessagesController {

    private static final Set<String> STATUSES = Set.of("accepted", "received", "sent", "delivered", "read", "failed");
    private static final Set<String> DIRECTIONS = Set.of(Message.INBOUND, Message.OUTBOUND);

    private final SendService sends;
    private final MessageRepository messages;
    private final Recipients recipients;

    MessagesController(SendService sends, MessageRepository messages, Recipients recipients) {
        this.sends = sends;
        this.messages = messages;
        this.recipients = recipients;
    }

    /** Sends one message; 202 with its id, wamid and status. The body is read as sent, for the Idempotency-Key hash. */
    @Post(consumes = MediaType.APPLICATION_JSON)
    @RequiresScope(Scopes.MESSAGES_SEND)
    HttpResponse<String> send(HttpRequest<?> request, @Body byte[] body,
                              @Header("Idempotency-Key") @Nullable String idempotencyKey) {
        AuthenticatedKey key = request.getAttribute(ApiKeyFilter.AUTHENTICATED_KEY, AuthenticatedKey.class).orElseThrow();
        SendService.Answer answer = sends.send(key.id(), idempotencyKey, body);
        MutableHttpResponse<String> response = HttpResponse.<String>status(HttpStatus.valueOf(answer.status()))
                .contentType(answer.status() >= 400 ? Problem.MEDIA_TYPE : MediaType.APPLICATION_JSON)
                .body(answer.body());
        return answer.replayed() ? response.header("Idempotent-Replayed", "true") : response;
    }

    /** Newest first; each filter optional. */
    @Get
    @RequiresScope(Scopes.MESSAGES_READ)
    Page<MessageView> list(@QueryValue @Nullable String phone, @QueryValue @Nullable String status,
                           @QueryValue @Nullable String direction, @QueryValue @Nullable String q,
                           @QueryValue @Nullable String cursor,
                           @QueryValue(defaultValue = "50") @Min(1) @Max(100) int limit) {
        String e164 = phone == null || phone.isBlank() ? null : recipients.e164("phone", phone);
        String statusFilter = oneOf("status", status, STATUSES);
        String directionFilter = oneOf("direction", direction, DIRECTIONS);
        Optional<Cursor> after = Cursor.decode(cursor);
        List<Message> fetched = messages.list(e164, statusFilter, directionFilter, q == null || q.isBlank() ? null : q.strip(),
                after.map(Cursor::instantKey).orElse(null), after.map(Cursor::id).orElse(null), limit + 1);
        return Page.of(fetched, limit, m -> Cursor.after(m.createdAt(), m.id())).map(MessageView::of);
    }

    @Get("/{id}")
    @RequiresScope(Scopes.MESSAGES_READ)
    MessageView get(@PathVariable String id) {
        return Optional.of(id).filter(Ids.MESSAGE::matches).flatMap(messages::findById).map(MessageView::of)
                .orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND, "No message " + id + "."));
    }

    private static String oneOf(String field, @Nullable String value, Set<String> allowed) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!allowed.contains(value.strip().toLowerCase(Locale.ROOT))) {
            throw ProblemException.invalidField(field, "must be one of " + new TreeSet<>(allowed));
        }
        return value.strip().toLowerCase(Locale.ROOT);
    }
}
