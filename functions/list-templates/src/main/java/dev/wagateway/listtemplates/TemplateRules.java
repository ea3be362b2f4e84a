package dev.wagateway.listtemplates;

import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.template.TemplateVocabulary;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Meta's rules for a new template (WhatsApp Business Management API, "Template components"), checked before
 * Meta is called so a caller learns every broken rule at once, by field: the name's form and length, one
 * BODY and at most one HEADER, FOOTER and BUTTONS, the lengths of their texts, the kinds and counts of buttons,
 * and placeholders that run {@code {{1}}, {{2}}, ...} with an example for each. Answers the body Meta takes.
 */
final class TemplateRules {

    static final int MAX_NAME = 512;
    static final int MAX_BODY = 1024;
    static final int MAX_HEADER_TEXT = 60;
    static final int MAX_FOOTER = 60;
    static final int MAX_BUTTONS = 10;
    static final int MAX_BUTTON_TEXT = 25;
    static final int MAX_URL_BUTTONS = 2;
    static final int MAX_URL = 2000;
    static final int MAX_PHONE = 20;

    private static final Pattern NAME = Pattern.compile("[a-z0-9_]+");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z0-9]{2,8})?");
    private static final Pattern POSITIONAL = Pattern.compile("\\{\\{\\s*([0-9]+)\\s*}}");
    private static final Pattern NAMED = Pattern.compile("\\{\\{\\s*([a-z_][a-z0-9_]*)\\s*}}");
    private static final Pattern ANY_PLACEHOLDER = Pattern.compile("\\{\\{[^}]*}}");
    private static final Set<String> COMPONENTS = Set.of("HEADER", "BODY", "FOOTER", "BUTTONS");
    private static final Set<String> HEADER_FORMATS = Set.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION");
    private static final Set<String> BUTTON_TYPES = Set.of("QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP", "FLOW",
            "CATALOG", "MPM");
    private static final Set<String> PARAMETER_FORMATS = Set.of("POSITIONAL", "NAMED");

    private final List<Problem.FieldError> errors = new ArrayList<>();

    private TemplateRules() {
    }

    /** The body for Meta, or a 400 naming every rule the request breaks. */
    static Map<String, Object> check(@Nullable NewTemplate template) {
        TemplateRules rules = new TemplateRules();
        Map<String, Object> body = rules.read(template);
        if (!rules.errors.isEmpty()) {
            String detail = rules.errors.stream().map(e -> e.field() + ": " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElseThrow();
            throw new ProblemException(ProblemType.VALIDATION_FAILED, detail, rules.errors, Map.of());
        }
        return body;
    }

    private Map<String, Object> read(@Nullable NewTemplate template) {
        if (template == null) {
            error("body", "must be a template object");
            return Map.of();
        }
        String name = template.name();
        if (name == null || name.isEmpty()) {
            error("name", "is required");
        } else if (name.length() > MAX_NAME) {
            error("name", "must be at most " + MAX_NAME + " characters");
        } else if (!NAME.matcher(name).matches()) {
            error("name", "may hold only lower-case letters, digits and underscores");
        }
        if (template.language() == null || !LANGUAGE.matcher(template.language()).matches()) {
            error("language", "must be a language code such as en or pt_BR");
        }
        String category = template.category() == null ? null : TemplateVocabulary.category(template.category()).orElse(null);
        if (category == null) {
            error("category", "must be one of " + TemplateVocabulary.CATEGORIES);
        }
        String format = template.parameterFormat() == null ? "POSITIONAL" : template.parameterFormat().toUpperCase(Locale.ROOT);
        if (!PARAMETER_FORMATS.contains(format)) {
            error("parameter_format", "must be POSITIONAL or NAMED");
        }
        List<Map<String, Object>> components = template.components();
        if (components == null || components.isEmpty()) {
            error("components", "must hold at least a BODY component");
        } else {
            components(components, format, "AUTHENTICATION".equals(category));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("language", template.language());
        body.put("category", category);
        if (template.parameterFormat() != null) {
            body.put("parameter_format", format);
        }
        if (template.allowCategoryChange() != null) {
            body.put("allow_category_change", template.allowCategoryChange());
        }
        body.put("components", components);
        return body;
    }

    private void components(List<Map<String, Object>> components, String format, boolean authentication) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < components.size(); i++) {
            String field = "components[" + i + "]";
            Map<String, Object> component = components.get(i);
            String type = component == null ? null : text(component.get("type"));
            if (type == null || !COMPONENTS.contains(type.toUpperCase(Locale.ROOT))) {
                error(field + ".type", "must be one of " + List.of("HEADER", "BODY", "FOOTER", "BUTTONS"));
                continue;
            }
            type = type.toUpperCase(Locale.ROOT);
            if (seen.merge(type, 1, Integer::sum) > 1) {
                error(field + ".type", "a template has at most one " + type + " component");
                continue;
            }
            switch (type) {
                case "HEADER" -> header(field, component, format);
                case "BODY" -> body(field, component, format, authentication);
                case "FOOTER" -> footer(field, component);
                default -> buttons(field, component);
            }
        }
        if (!seen.containsKey("BODY")) {
            error("components", "must hold a BODY component");
        }
    }

    private void header(String field, Map<String, Object> header, String format) {
        String kind = text(header.get("format"));
        if (kind == null || !HEADER_FORMATS.contains(kind.toUpperCase(Locale.ROOT))) {
            error(field + ".format", "must be one of " + List.of("TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"));
            return;
        }
        if (kind.equalsIgnoreCase("TEXT")) {
            String text = text(header.get("text"));
            if (text == null || text.isBlank()) {
                error(field + ".text", "is required for a TEXT header");
                return;
            }
            length(field + ".text", text, MAX_HEADER_TEXT);
            List<String> placeholders = placeholders(field + ".text", text, format);
            if (placeholders.size() > 1) {
                error(field + ".text", "a header holds at most one placeholder");
            }
            examples(field, header, placeholders, format, "header_text");
        } else if (!kind.equalsIgnoreCase("LOCATION")) {
            if (!(header.get("example") instanceof Map<?, ?> example) || !(example.get("header_handle") instanceof List<?> handles)
                    || handles.isEmpty()) {
                error(field + ".example.header_handle", "a media header needs an example file handle (Resumable Upload API)");
            }
        }
    }

    private void body(String field, Map<String, Object> body, String format, boolean authentication) {
        String text = text(body.get("text"));
        if (text == null || text.isBlank()) {
            if (!authentication) {
                error(field + ".text", "is required");
            }
            return;
        }
        length(field + ".text", text, MAX_BODY);
        List<String> placeholders = placeholders(field + ".text", text, format);
        String trimmed = text.strip();
        if (!placeholders.isEmpty() && (trimmed.startsWith("{{") || trimmed.endsWith("}}"))) {
            error(field + ".text", "a placeholder may not start or end the body");
        }
        examples(field, body, placeholders, format, "body_text");
    }

    private void footer(String field, Map<String, Object> footer) {
        String text = text(footer.get("text"));
        if (text == null || text.isBlank()) {
            error(field + ".text", "is required");
            return;
        }
        length(field + ".text", text, MAX_FOOTER);
        if (ANY_PLACEHOLDER.matcher(text).find()) {
            error(field + ".text", "a footer may not hold placeholders");
        }
    }

    private void buttons(String field, Map<String, Object> component) {
        if (!(component.get("buttons") instanceof List<?> buttons) || buttons.isEmpty()) {
            error(field + ".buttons", "must hold 1 to " + MAX_BUTTONS + " buttons");
            return;
        }
        if (buttons.size() > MAX_BUTTONS) {
            error(field + ".buttons", "must hold at most " + MAX_BUTTONS + " buttons");
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (int i = 0; i < buttons.size(); i++) {
            String at = field + ".buttons[" + i + "]";
            if (!(buttons.get(i) instanceof Map<?, ?> button)) {
                error(at, "must be a button object");
                continue;
            }
            String type = text(button.get("type"));
            if (type == null || !BUTTON_TYPES.contains(type.toUpperCase(Locale.ROOT))) {
                error(at + ".type", "must be one of " + BUTTON_TYPES.stream().sorted().toList());
                continue;
            }
            type = type.toUpperCase(Locale.ROOT);
            counts.merge(type, 1, Integer::sum);
            String text = text(button.get("text"));
            if (!type.equals("OTP") && !type.equals("COPY_CODE") && (text == null || text.isBlank())) {
                error(at + ".text", "is required");
            } else if (text != null) {
                length(at + ".text", text, MAX_BUTTON_TEXT);
            }
            if (type.equals("URL")) {
                String url = text(button.get("url"));
                if (url == null || !(url.startsWith("https://") || url.startsWith("http://"))) {
                    error(at + ".url", "must be an http(s) URL");
                } else {
                    length(at + ".url", url, MAX_URL);
                }
            } else if (type.equals("PHONE_NUMBER")) {
                String phone = text(button.get("phone_number"));
                if (phone == null || phone.isBlank()) {
                    error(at + ".phone_number", "is required");
                } else {
                    length(at + ".phone_number", phone, MAX_PHONE);
                }
            }
        }
        if (counts.getOrDefault("URL", 0) > MAX_URL_BUTTONS) {
            error(field + ".buttons", "a template has at most " + MAX_URL_BUTTONS + " URL buttons");
        }
        if (counts.getOrDefault("PHONE_NUMBER", 0) > 1) {
            error(field + ".buttons", "a template has at most one PHONE_NUMBER button");
        }
        if (counts.getOrDefault("COPY_CODE", 0) > 1) {
            error(field + ".buttons", "a template has at most one COPY_CODE button");
        }
    }

    /** The placeholders in order of first use; positional ones must run 1, 2, ... */
    private List<String> placeholders(String field, String text, String format) {
        Set<String> found = new LinkedHashSet<>();
        Pattern pattern = format.equals("NAMED") ? NAMED : POSITIONAL;
        Matcher any = ANY_PLACEHOLDER.matcher(text);
        while (any.find()) {
            Matcher one = pattern.matcher(any.group());
            if (!one.matches()) {
                error(field, "placeholder " + any.group() + " is not " + (format.equals("NAMED")
                        ? "a NAMED one such as {{first_name}}" : "a POSITIONAL one such as {{1}}"));
                continue;
            }
            found.add(one.group(1));
        }
        if (format.equals("POSITIONAL")) {
            int expected = 1;
            for (String number : found) {
                if (!number.equals(String.valueOf(expected++))) {
                    error(field, "placeholders must run {{1}}, {{2}}, ... in order");
                    break;
                }
            }
        }
        return List.copyOf(found);
    }

    /** Meta asks for an example value of each placeholder ({@code example.body_text: [[...]]} and the like). */
    private void examples(String field, Map<String, Object> component, List<String> placeholders, String format, String key) {
        if (placeholders.isEmpty()) {
            return;
        }
        Object example = component.get("example") instanceof Map<?, ?> map
                ? map.get(format.equals("NAMED") ? key + "_named_params" : key) : null;
        int given = switch (example) {
            case List<?> list when format.equals("NAMED") -> list.size();
            case List<?> list when key.equals("header_text") -> list.size();
            case List<?> list when !list.isEmpty() && list.getFirst() instanceof List<?> row -> row.size();
            case null, default -> 0;
        };
        if (given < placeholders.size()) {
            error(field + ".example." + (format.equals("NAMED") ? key + "_named_params" : key),
                    "must give an example for each of the " + placeholders.size() + " placeholders");
        }
    }

    private void length(String field, String text, int max) {
        if (text.length() > max) {
            error(field, "must be at most " + max + " characters (it has " + text.length() + ")");
        }
    }

    private void error(String field, String message) {
        errors.add(new Problem.FieldError(field, message));
    }

    private static @Nullable String text(@Nullable Object value) {
        return value instanceof String s ? s : null;
    }
}
