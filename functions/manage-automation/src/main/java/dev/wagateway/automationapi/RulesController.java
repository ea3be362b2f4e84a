package dev.wagateway.automationapi;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.AutomationRuleWriter;
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

/** Automation rules, and the dry run of a message against the rules and flows. */
@Controller("/v1/automation")
@ExecuteOn(TaskExecutors.BLOCKING)
@ProblemDocs.BadRequest
public class RulesController {

    private final AutomationReads reads;
    private final AutomationRuleWriter rules;
    private final SavedChecks checks;
    private final DryRun dryRun;

    RulesController(AutomationReads reads, AutomationRuleWriter rules, SavedChecks checks, DryRun dryRun) {
        this.reads = reads;
        this.rules = rules;
        this.checks = checks;
        this.dryRun = dryRun;
    }

    /**
     * Makes a rule (201). Scope {@code automation:write}.
     *
     * @return the rule
     */
    @Post("/rules")
    @Status(HttpStatus.CREATED)
    @RequiresScope(Scopes.AUTOMATION_WRITE)
    @ApiResponse(responseCode = "201", description = "Made", useReturnTypeSchema = true)
    public RuleView createRule(@Body @Valid RuleRequest body) {
        return RuleView.of(rules.create(checks.rule(body)));
    }

    /**
     * Every rule (inactive ones too), oldest first. Scope {@code automation:read}.
     *
     * @param cursor the {@code next_cursor} of the page before
     * @param limit  rules per page
     * @return one page of rules
     */
    @Get("/rules")
    @RequiresScope(Scopes.AUTOMATION_READ)
    public Page<RuleView> listRules(@Nullable @QueryValue String cursor, @QueryValue(defaultValue = "50") @Min(1) @Max(100) int limit) {
        return Page.of(reads.rules(IdCursors.after(cursor), limit + 1), limit, r -> IdCursors.of(r.id())).map(RuleView::of);
    }

    /**
     * One rule. Scope {@code automation:read}.
     *
     * @param id the rule's id
     * @return the rule
     */
    @Get("/rules/{id}")
    @RequiresScope(Scopes.AUTOMATION_READ)
    @ProblemDocs.NotFound
    public RuleView getRule(@PathVariable String id) {
        return RuleView.of(Ids.found("rule", id, reads::rule));
    }

    /**
     * Replaces a rule. Scope {@code automation:write}.
     *
     * @param id the rule's id
     * @return the rule as it is now
     */
    @Put("/rules/{id}")
    @RequiresScope(Scopes.AUTOMATION_WRITE)
    @ProblemDocs.NotFound
    public RuleView replaceRule(@PathVariable String id, @Body @Valid RuleRequest body) {
        return RuleView.of(Ids.found("rule", id, ruleId -> rules.replace(ruleId, checks.rule(body))));
    }

    /**
     * Deletes a rule (204); its log lines stay. Scope {@code automation:write}.
     *
     * @param id the rule's id
     */
    @Delete("/rules/{id}")
    @Status(HttpStatus.NO_CONTENT)
    @RequiresScope(Scopes.AUTOMATION_WRITE)
    @ProblemDocs.NotFound
    public void deleteRule(@PathVariable String id) {
        Ids.acted("rule", id, rules::delete);
    }

    /**
     * Which flow or rule a message would trigger and what it would send, without sending anything. Scope {@code automation:read}.
     *
     * @return what would happen
     */
    @Post("/test")
    @RequiresScope(Scopes.AUTOMATION_READ)
    public DryRunResult testAutomation(@Body @Valid DryRunRequest body) {
        checks.storable(body);
        return dryRun.run(body);
    }
}
