package dev.wagateway.automationapi;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.FlowWriter;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.ProblemDocs;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** Conversation flows, each with its nodes and edges. */
@Controller("/v1/flows")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemDocs.BadRequest
public class FlowsController {

    private final AutomationReads reads;
    private final FlowWriter flows;
    private final SavedChecks checks;

    FlowsController(AutomationReads reads, FlowWriter flows, SavedChecks checks) {
        this.reads = reads;
        this.flows = flows;
        this.checks = checks;
    }

    /**
     * Makes a flow with its graph (201); a graph that cannot run is refused. Scope {@code automation:write}.
     *
     * @return the flow
     */
    @Post
    @Status(HttpStatus.CREATED)
    @RequiresScope(Scopes.AUTOMATION_WRITE)
    @ApiResponse(responseCode = "201", description = "Made", useReturnTypeSchema = true)
    public FlowView createFlow(@Body @Valid FlowRequest body) {
        return FlowView.of(flows.create(checks.flow(body)));
    }

    /**
     * Every flow with its graph, oldest first; an imported one that cannot run lists its problems. Scope {@code automation:read}.
     *
     * @param cursor the {@code next_cursor} of the page before
     * @param limit  flows per page
     * @return one page of flows
     */
    @Get
    @RequiresScope(Scopes.AUTOMATION_READ)
    public Page<FlowView> listFlows(@Nullable @QueryValue String cursor, @QueryValue(defaultValue = "20") @Min(1) @Max(100) int limit) {
        return Page.of(reads.flows(IdCursors.after(cursor), limit + 1), limit, f -> IdCursors.of(f.id())).map(FlowView::of);
    }

    /**
     * One flow with its graph. Scope {@code automation:read}.
     *
     * @param id the flow's id
     * @return the flow
     */
    @Get("/{id}")
    @RequiresScope(Scopes.AUTOMATION_READ)
    @ProblemDocs.NotFound
    public FlowView getFlow(@PathVariable String id) {
        return FlowView.of(Ids.found("flow", id, reads::flow));
    }

    /**
     * Replaces a flow and its whole graph; a graph that cannot run is refused. Scope {@code automation:write}.
     *
     * @param id the flow's id
     * @return the flow as it is now
     */
    @Put("/{id}")
    @RequiresScope(Scopes.AUTOMATION_WRITE)
    @ProblemDocs.NotFound
    public FlowView replaceFlow(@PathVariable String id, @Body @Valid FlowRequest body) {
        return FlowView.of(Ids.found("flow", id, flowId -> flows.replace(flowId, checks.flow(body))));
    }

    /**
     * Deletes a flow and its graph (204); its sessions stay, naming no flow. Scope {@code automation:write}.
     *
     * @param id the flow's id
     */
    @Delete("/{id}")
    @Status(HttpStatus.NO_CONTENT)
    @RequiresScope(Scopes.AUTOMATION_WRITE)
    @ProblemDocs.NotFound
    public void deleteFlow(@PathVariable String id) {
        Ids.acted("flow", id, flows::delete);
    }
}
