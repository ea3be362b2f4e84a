package dev.wagateway.shared.sending;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.template.Template;
import dev.wagateway.shared.template.TemplateRepository;
import dev.wagateway.shared.whatsapp.WhatsAppProblems;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template message against the templates synced from Meta: it must exist here in that language, be
 * approved and get as many body parameters as its body has. A name in no language here is refused
 * before Meta is called (a sync brings a template made since); when no template is synced at all the
 * refusal says so, since then the fix is a sync, not another name.
 */
@Singleton
public class TemplateCheck {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([^{}\\s]+)\\s*}}");

    private final TemplateRepository templates;

    public TemplateCheck(TemplateRepository templates) {
        this.templates = templates;
    }

    /** The message with its content rendered from the local template when there is one. */
    public OutgoingMessage check(OutgoingMessage message) {
        TemplateUse requested = message.template();
        if (requested == null) {
            return message;
        }
        String name = requested.name();
        String language = requested.language();
        Optional<Template> local = templates.findLive(name, language);
        if (local.isEmpty()) {
            List<String> languages = templates.list(null, null, null, name, null, null, null, 50).stream()
                    .map(Template::language).toList();
            if (!languages.isEmpty()) {
                throw new ProblemException(WhatsAppProblems.TEMPLATE_NOT_FOUND, "Template '" + name + "' exists in "
                        + String.join(", ", languages) + " but not in " + language + ".");
            }
            if (templates.list(null, null, null, null, null, null, null, 1).isEmpty()) {
                throw new ProblemException(WhatsAppProblems.TEMPLATE_NOT_FOUND, "No templates are synced here yet, so '"
                        + name + "' cannot be checked: sync them from Meta first (POST /v1/templates/sync).");
            }
            throw new ProblemException(WhatsAppProblems.TEMPLATE_NOT_FOUND, "No template '" + name
                    + "' in any language here; if it was made at Meta since the last sync, sync again (POST /v1/templates/sync).");
        }
        Template template = local.get();
        if (!"APPROVED".equals(template.status())) {
            throw new ProblemException(WhatsAppProblems.TEMPLATE_NOT_APPROVED, "Template '" + name + "' (" + language
                    + ") is " + template.status() + "; only APPROVED templates can be sent.");
        }
        List<Object> parameters = bodyParameters(requested.components());
        if (parameters.size() != template.bodyParameterCount()) {
            throw new ProblemException(WhatsAppProblems.TEMPLATE_PARAMETER_MISMATCH, "Template '" + name + "' (" + language
                    + ") needs " + template.bodyParameterCount() + " body parameter(s); the request gives "
                    + parameters.size() + ".");
        }
        return message.withContent(render(template.content(), parameters));
    }

    private static List<Object> bodyParameters(List<Map<String, Object>> components) {
        if (components == null) {
            return List.of();
        }
        for (Map<String, Object> component : components) {
            if ("body".equalsIgnoreCase(String.valueOf(component.get("type")))) {
                return component.get("parameters") instanceof List<?> list ? List.copyOf(list) : List.of();
            }
        }
        return List.of();
    }

    /** The body as the recipient reads it, for the message's content and search. */
    private static String render(String body, List<Object> parameters) {
        if (body == null) {
            return null;
        }
        Matcher matcher = PLACEHOLDER.matcher(body);
        StringBuilder rendered = new StringBuilder();
        Map<String, String> assigned = new HashMap<>();
        while (matcher.find()) {
            String placeholder = matcher.group(1);
            String value = assigned.computeIfAbsent(placeholder, p -> {
                int index = p.matches("[0-9]+") ? Integer.parseInt(p) - 1 : assigned.size();
                return index >= 0 && index < parameters.size() ? text(parameters.get(index)) : "{{" + p + "}}";
            });
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }

    private static String text(Object parameter) {
        if (parameter instanceof Map<?, ?> map) {
            for (String field : List.of("text", "fallback_value")) {
                if (map.get(field) instanceof String value) {
                    return value;
                }
            }
            Object type = map.get("type");
            if (type != null && map.get(type.toString()) instanceof Map<?, ?> nested && nested.get("fallback_value") instanceof String v) {
                return v;
            }
        }
        return "{{" + parameter + "}}";
    }
}
