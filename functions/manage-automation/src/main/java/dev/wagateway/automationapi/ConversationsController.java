package dev.wagateway.automationapi;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.ProblemDocs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Conversation sessions: a flow's place with one contact; ending one, releasing a handoff. */
@Controller("/v1/conversations")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemDocs.BadRequest
public class ConversationsController {

    private final AutomationReads reads;
    private final ConversationActions actions;

    ConversationsController(AutomationReads reads, ConversationActions actions) {
        this.reads = reads;
        this.actions = actions;
    }

    /**
     * Sessions, oldest first, optionally of one status or one contact. Scope {@code automation:read}.
     *
     * @param status active, handoff, completed or expired
     * @param phone  the contact's phone, E.164
     * @param cursor the {@code next_cursor} of the page before
     * @param limit  sessions per page
     * @return one page of sessions
     */
    @Get
    @RequiresScope(Scopes.AUTOMATION_READ)
    public Page<ConversationView> listConversations(@Nullable @QueryValue @Pattern(regexp = "active|handoff|completed|expired") String status,
                                                    @Nullable @QueryValue @Size(max = 64) String phone,
                                                    @Nullable @QueryValue String cursor,
                                                    @QueryValue(defaultValue = "50") @Min(1) @Max(100) int limit) {
        return Page.of(reads.sessions(status, phone, IdCursors.after(cursor), limit + 1), limit, s -> IdCursors.of(s.id()))
                .map(ConversationView::of);
    }

    /**
     * One session. Scope {@code automation:read}.
     *
     * @param id the session's id
     * @return the session
     */
    @Get("/{id}")
    @RequiresScope(Scopes.AUTOMATION_READ)
    @ProblemDocs.NotFound
    public ConversationView getConversation(@PathVariable String id) {
        return ConversationView.of(Ids.found("conversation", id, reads::session));
    }

    /**
     * Ends an open session (active or handed off): the contact's next message goes to the rules again. Scope {@code automation:write}.
     *
     * @param id the session's id
     * @return the session, completed
     */
    @Post("/{id}/end")
    @RequiresScope(Scopes.AUTOMATION_WRITE)
    @ProblemDocs.NotFound
    @ProblemDocs.Conflict
    public ConversationView endConversation(@PathVariable String id) {
        return ConversationView.of(Ids.found("conversation", id, sessionId -> actions.end(sessionId, "ended", false)));
    }

    /**
     * Releases a handoff: automation answers the contact again. Scope {@code automation:write}.
     *
     * @param id the session's id
     * @return the session, completed
     */
    @Post("/{id}/release")
    @RequiresScope(Scopes.AUTOMATION_WRITE)
    @ProblemDocs.NotFound
    @ProblemDocs.Conflict
    public ConversationView releaseConversation(@PathVariable String id) {
        return ConversationView.of(Ids.found("conversation", id, sessionId -> actions.end(sessionId, "released", true)));
    }
}
