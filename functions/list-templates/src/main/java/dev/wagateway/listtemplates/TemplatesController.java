package dev.wagateway.listtemplates;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.paging.Cursor;
import dev.wagateway.shared.paging.Page;
import dev.wagateway.shared.problem.ProblemDocs;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.search.TextSearch;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import dev.wagateway.shared.template.TemplateVocabulary;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

@Controller("/v1/templates")
@ExecuteOn(TaskExecutors.BLOCKING)
class TemplatesController {

    // Placeholders need Meta's "example" members, which the OpenAPI linters take for schema examples: none here.
    private static final String CREATE_EXAMPLE = """
            {"name": "order_ready", "language": "en_US", "category": "UTILITY",
             "components": [
               {"type": "HEADER", "format": "TEXT", "text": "Your order is ready"},
               {"type": "BODY", "text": "Your order is ready for pickup at the front desk until 8 pm."},
               {"type": "FOOTER", "text": "Reply STOP to opt out"},
               {"type": "BUTTONS", "buttons": [{"type": "QUICK_REPLY", "text": "Thanks"},
                 {"type": "URL", "text": "Opening hours", "url": "https://shop.example.com/hours"}]}]}""";

    private final TemplateRepository templates;
    private final TemplateSyncService sync;
    private final TemplateManagement management;
    private final JsonMapper json;

    TemplatesController(TemplateRepository templates, TemplateSyncService sync, TemplateManagement management, JsonMapper json) {
        this.templates = templates;
        this.sync = sync;
        this.management = management;
        this.json = json;
    }

    /**
     * Creates a template at Meta and stores it as {@code PENDING} (Meta's review; the template status webhook
     * and the sync move it on). Scope {@code templates:write}. Meta's rules are checked first (name of
     * lower-case letters, digits and underscores up to 512 characters; one BODY of up to 1024 characters;
     * at most one HEADER (text up to 60), FOOTER (up to 60) and BUTTONS (1 to 10, texts up to 25, at most 2 URL
     * and 1 PHONE_NUMBER); placeholders {{1}}, {{2}}, ... with an example each): every broken rule is named in
     * one 400. 409 {@code template-exists} for a name and language there already; 400
     * {@code whatsapp-invalid-parameter} when Meta refuses it; 503 for {@code upstream-unavailable} or
     * {@code whatsapp-not-configured}.
     *
     * @return the stored template
     */
    @Post(consumes = MediaType.APPLICATION_JSON)
    @RequiresScope(Scopes.TEMPLATES_WRITE)
    @ApiResponse(responseCode = "201", description = "Created at Meta, stored as Meta answered (PENDING)",
            content = @Content(schema = @Schema(implementation = TemplateView.class)))
    @ProblemDocs.BadRequest
    @ProblemDocs.Conflict
    @ProblemDocs.BadGateway
    @ProblemDocs.ServiceUnavailable
    HttpResponse<TemplateView> createTemplate(@Body @RequestBody(required = true, content = @Content(
            schema = @Schema(implementation = NewTemplate.class),
            examples = @ExampleObject(name = "utility", value = CREATE_EXAMPLE))) NewTemplate template) {
        return HttpResponse.created(TemplateView.of(management.create(template)));
    }

    /**
     * Deletes a template at Meta: every language of the name, or with {@code language} only that one (by
     * Meta's template id, which the stored template gives); the stored ones are marked deleted. Scope
     * {@code templates:write}. 404 when neither Meta nor the gateway has it; 503 for
     * {@code upstream-unavailable} or {@code whatsapp-not-configured}.
     *
     * @param name     the template's name
     * @param language only this language's template, such as {@code en_US}
     * @return what was deleted
     */
    @Delete("/{name}")
    @RequiresScope(Scopes.TEMPLATES_WRITE)
    @ProblemDocs.BadRequest
    @ProblemDocs.NotFound
    @ProblemDocs.Conflict
    @ProblemDocs.BadGateway
    @ProblemDocs.ServiceUnavailable
    TemplateDeletion deleteTemplate(@PathVariable String name, @QueryValue @Nullable String language) {
        if (name.isBlank() || name.length() > TemplateRules.MAX_NAME) {
            throw ProblemException.invalidField("name", "must be a template name of 1 to " + TemplateRules.MAX_NAME + " characters");
        }
        String only = blankToNull(language);
        return new TemplateDeletion(name, only, management.delete(name, only).stream().map(TemplateView::of).toList());
    }

    /**
     * Live templates in name order. Scope {@code templates:read}. {@code status} and {@code category} take
     * Meta's words in any case; {@code name} is exact, {@code q} a part of the name. A page holds fewer than
     * {@code limit} templates when they would not fit in one answer (5 MB); {@code next_cursor} goes on from there.
     *
     * @param status   APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL, PENDING_DELETION, DELETED or LIMIT_EXCEEDED
     * @param category MARKETING, UTILITY or AUTHENTICATION
     * @param language a language code such as {@code en} or {@code pt_BR}
     * @param name     the template's name, exactly
     * @param q        a part of the name
     * @param cursor   the {@code next_cursor} of the page before
     * @param limit    templates per page
     * @return one page of templates
     */
    @Get
    @RequiresScope(Scopes.TEMPLATES_READ)
    @ProblemDocs.BadRequest
    Page<TemplateView> listTemplates(@QueryValue @Nullable String status, @QueryValue @Nullable String category,
                            @QueryValue @Nullable String language, @QueryValue @Nullable String name,
                            @QueryValue @Nullable String q, @QueryValue @Nullable String cursor,
                            @QueryValue(defaultValue = "50") @Min(1) @Max(100) int limit) {
        String statusFilter = vocabulary("status", status, TemplateVocabulary::status, TemplateVocabulary.STATUSES);
        String categoryFilter = vocabulary("category", category, TemplateVocabulary::category, TemplateVocabulary.CATEGORIES);
        Optional<Cursor> after = Cursor.decode(cursor);
        String contains = q == null || q.isBlank() ? null : TextSearch.escapeLike(q.strip());
        List<Template> fetched = templates.list(statusFilter, categoryFilter, blankToNull(language), blankToNull(name),
                contains, after.map(Cursor::sortKey).orElse(null), after.map(Cursor::id).orElse(null), limit + 1);
        return Page.of(fetched, limit, t -> new Cursor(t.name(), t.id())).map(TemplateView::of)
                .withinAnswerLimit(view -> Page.answerBytes(json, view), view -> new Cursor(view.name(), view.id()));
    }

    /**
     * Pulls the templates from Meta now (the schedule does the same). Scope {@code templates:sync}. Every page
     * is read first, then stored in one transaction: a failure on any page changes nothing. 503 for
     * {@code upstream-unavailable} or {@code whatsapp-not-configured}.
     *
     * @return what the sync changed
     */
    @Post("/sync")
    @RequiresScope(Scopes.TEMPLATES_SYNC)
    @ProblemDocs.BadGateway
    @ProblemDocs.ServiceUnavailable
    SyncResult syncTemplates() {
        return sync.sync();
    }

    private static String vocabulary(String field, @Nullable String value, Function<String, Optional<String>> canonical,
                                     List<String> words) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return canonical.apply(value).orElseThrow(() -> ProblemException.invalidField(field, "must be one of " + words));
    }

    private static String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
