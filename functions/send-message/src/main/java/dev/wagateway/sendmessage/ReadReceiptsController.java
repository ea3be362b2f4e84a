package dev.wagateway.sendmessage;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.problem.ProblemDocs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import jakarta.validation.Valid;

@Controller("/v1/messages")
@ExecuteOn(TaskExecutors.BLOCKING)
class ReadReceiptsController {

    private final ReadReceipts receipts;

    ReadReceiptsController(ReadReceipts receipts) {
        this.receipts = receipts;
    }

    /**
     * Marks an inbound message read at WhatsApp (the user sees blue ticks on it and every earlier message), and with
     * {@code typing_indicator} shows them that the business is typing. Once WhatsApp took it, the contact's
     * {@code unread_count} counts only the messages the user sent after this one (none when it is their latest); a
     * refusal changes nothing. Scope {@code messages:send}. 404 for no such
     * message; 422 {@code message-not-inbound} for a message the business sent (or one WhatsApp has no id for);
     * WhatsApp's refusals as for a send ({@code whatsapp-invalid-parameter}, {@code whatsapp-rate-limited}), 503
     * {@code upstream-unavailable} with {@code Retry-After} when it does not answer, or {@code whatsapp-not-configured}.
     *
     * @param id the inbound message's id ({@code msg_...})
     * @return the message, marked read
     */
    @Post(uri = "/{id}/read", consumes = MediaType.APPLICATION_JSON)
    @RequiresScope(Scopes.MESSAGES_SEND)
    @ProblemDocs.BadRequest
    @ProblemDocs.NotFound
    @ProblemDocs.Unprocessable
    @ProblemDocs.BadGateway
    @ProblemDocs.ServiceUnavailable
    MarkReadResult markRead(@PathVariable String id,
                            @Body @Valid @Nullable @RequestBody(content = @Content(schema = @Schema(implementation = MarkReadRequest.class),
                                    examples = {@ExampleObject(name = "read", value = "{}"),
                                            @ExampleObject(name = "read_and_typing", value = "{\"typing_indicator\": {\"type\": \"text\"}}")}))
                            MarkReadRequest request) {
        return receipts.markRead(id, request != null && request.typingIndicator() != null);
    }
}
