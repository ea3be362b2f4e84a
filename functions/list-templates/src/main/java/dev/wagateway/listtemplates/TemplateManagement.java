package dev.wagateway.listtemplates;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import dev.wagateway.shared.whatsapp.GraphApiClient;
import dev.wagateway.shared.whatsapp.GraphApiException;
import dev.wagateway.shared.whatsapp.GraphApiUnavailableException;
import dev.wagateway.shared.whatsapp.GraphErrorCodes;
import dev.wagateway.shared.whatsapp.WhatsAppProblems;
import dev.wagateway.shared.whatsapp.WhatsAppSettings;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Templates created and deleted at Meta from the API: Meta's rules checked first ({@link TemplateRules}),
 * then Meta called (outside any transaction), then the stored templates changed to match, through the
 * templates' one writer ({@link TemplateStore}).
 */
@Singleton
class TemplateManagement {

    static final ProblemType TEMPLATE_EXISTS = new ProblemType("template-exists", HttpStatus.CONFLICT,
            "A template of that name and language exists");

    // Meta's subcodes (code 100): the name and language exist; no template of that name.
    private static final int DUPLICATE = 2388024;
    private static final int NOT_FOUND = 2593002;

    private final GraphApiClient graph;
    private final WhatsAppSettings settings;
    private final TemplateRepository templates;
    private final TemplateStore store;

    TemplateManagement(GraphApiClient graph, WhatsAppSettings settings, TemplateRepository templates, TemplateStore store) {
        this.graph = graph;
        this.settings = settings;
        this.templates = templates;
        this.store = store;
    }

    /** Creates the template at Meta and stores it as Meta answered (PENDING while Meta reviews it). */
    Template create(@Nullable NewTemplate request) {
        Map<String, Object> body = TemplateRules.check(request);
        String name = (String) body.get("name");
        String language = (String) body.get("language");
        if (templates.findLive(name, language).isPresent()) {
            throw exists(name, language);
        }
        GraphApiClient.CreatedTemplate created;
        try {
            created = graph.createMessageTemplate(settings.businessAccountId(), body);
        } catch (GraphApiException e) {
            if (e.code() == GraphErrorCodes.INVALID_PARAMETER && e.subcode().orElse(0) == DUPLICATE) {
                throw exists(name, language);
            }
            throw WhatsAppProblems.of(e);
        } catch (GraphApiUnavailableException e) {
            throw WhatsAppProblems.of(e);
        }
        Map<String, Object> stored = new LinkedHashMap<>(body);
        stored.put("id", created.id());
        stored.put("status", created.status() == null ? "PENDING" : created.status());
        if (created.category() != null) {
            stored.put("category", created.category());
        }
        RemoteTemplate.Parsed parsed = RemoteTemplate.parse(stored);
        if (parsed.template() == null) {
            // Meta made it but answered a status or category this gateway cannot store: the next sync takes it.
            throw new ProblemException(WhatsAppProblems.UPSTREAM_ERROR, "WhatsApp created the template (id " + created.id()
                    + ") but answered " + parsed.skipped().why() + "; the next template sync stores it.");
        }
        return store.created(parsed.template());
    }

    /**
     * Deletes at Meta every language of {@code name}, or only {@code language}'s (by Meta's template id,
     * which only a stored template gives), then marks the stored ones deleted.
     */
    List<Template> delete(String name, @Nullable String language) {
        String wabaId = settings.businessAccountId();
        List<Template> affected;
        String hsmId = null;
        if (language != null) {
            Template one = templates.findLive(name, language).orElseThrow(() -> new ProblemException(ProblemType.NOT_FOUND,
                    "No stored template " + name + " in " + language + " (a template sync stores Meta's)."));
            if (one.whatsappTemplateId() == null) {
                throw new ProblemException(ProblemType.CONFLICT, "The stored template " + name + " in " + language
                        + " has no WhatsApp id to delete it by; a template sync gives it one.");
            }
            hsmId = one.whatsappTemplateId();
            affected = List.of(one);
        } else {
            affected = templates.findLiveByName(name);
        }
        try {
            graph.deleteMessageTemplate(wabaId, name, hsmId);
        } catch (GraphApiException e) {
            boolean goneAtMeta = e.code() == GraphErrorCodes.INVALID_PARAMETER && e.subcode().orElse(0) == NOT_FOUND;
            if (!goneAtMeta) {
                throw WhatsAppProblems.of(e);
            }
            if (affected.isEmpty()) {
                throw new ProblemException(ProblemType.NOT_FOUND, "WhatsApp has no template named " + name + ".");
            }
            // Gone at Meta already (deleted elsewhere): the stored copies follow.
        } catch (GraphApiUnavailableException e) {
            throw WhatsAppProblems.of(e);
        }
        return store.deleted(name, language);
    }

    private static ProblemException exists(String name, String language) {
        return new ProblemException(TEMPLATE_EXISTS, "A template " + name + " in " + language
                + " exists already; delete it first or use another name.");
    }
}
