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
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.json.JsonMapper;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;

@Controller("/v1/templates")
@ExecuteOn(TaskExecutors.BLOCKING)
class TemplatesController {

    private final TemplateRepository templates;
    private final TemplateSyncService sync;
    private final JsonMapper json;

    TemplatesController(TemplateRepository templates, TemplateSyncService sync, JsonMapper json) {
        this.templates = templates;
        this.sync = sync;
        this.json = json;
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
