package dev.wagateway.fakegraph;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Template create and delete as Meta's WhatsApp Business Management API answers them, over the same
 * list {@code GET message_templates} pages through, so the three agree:
 * <ul>
 *   <li>{@code POST /{waba-id}/message_templates} ({@code name}, {@code language}, {@code category},
 *       {@code components}): Meta's code 100 for a body it would refuse (a name not of lower-case letters,
 *       digits and underscores, no BODY component, an unknown category), subcode 2388024 for a name and
 *       language that exist already; else the template joins the list as {@code PENDING} and the answer is
 *       {@code {"id", "status", "category"}};</li>
 *   <li>{@code DELETE /{waba-id}/message_templates?name=} removes every language of the name, with
 *       {@code &hsm_id=} only the template of that id (and name); none: subcode 2593002; else
 *       {@code {"success": true}}.</li>
 * </ul>
 */
final class FakeTemplateManagement {

    static final int DUPLICATE_SUBCODE = 2388024;
    static final int NOT_FOUND_SUBCODE = 2593002;
    private static final Pattern NAME = Pattern.compile("[a-z0-9_]{1,512}");
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,3}(_[A-Za-z0-9]{2,8})?");
    private static final Set<String> CATEGORIES = Set.of("MARKETING", "UTILITY", "AUTHENTICATION");

    /** The list after the request, and Meta's answer (HTTP status, body). */
    record Outcome(List<Map<String, Object>> templates, int status, Map<String, Object> body) {
    }

    private final AtomicLong ids = new AtomicLong(1_700_000_000_000_000L);

    Outcome create(List<Map<String, Object>> templates, Map<String, Object> request) {
        Object name = request.get("name");
        Object language = request.get("language");
        Object category = request.get("category");
        if (!(name instanceof String n) || !NAME.matcher(n).matches()) {
            return refused(templates, 0, "Invalid parameter", "Param name must contain only lowercase characters, numbers and underscores.");
        }
        if (!(language instanceof String l) || !LANGUAGE.matcher(l).matches()) {
            return refused(templates, 0, "Invalid parameter", "Param language is not a supported language code.");
        }
        if (!(category instanceof String c) || !CATEGORIES.contains(c)) {
            return refused(templates, 0, "Invalid parameter", "Param category must be one of " + CATEGORIES + ".");
        }
        if (!(request.get("components") instanceof List<?> components)
                || components.stream().noneMatch(x -> x instanceof Map<?, ?> m && "BODY".equals(m.get("type")))) {
            return refused(templates, 0, "Invalid parameter", "Param components must include a BODY component.");
        }
        boolean exists = templates.stream().anyMatch(t -> n.equals(t.get("name")) && l.equals(t.get("language")));
        if (exists) {
            return refused(templates, DUPLICATE_SUBCODE, "Content in this language already exists",
                    "Content for " + l + " already exists for the template " + n + ".");
        }
        String id = String.valueOf(ids.incrementAndGet());
        Map<String, Object> stored = new LinkedHashMap<>();
        stored.put("name", n);
        stored.put("parameter_format", request.getOrDefault("parameter_format", "POSITIONAL"));
        stored.put("components", components);
        stored.put("language", l);
        stored.put("status", "PENDING");
        stored.put("category", c);
        stored.put("id", id);
        List<Map<String, Object>> after = new ArrayList<>(templates);
        after.add(stored);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("id", id);
        answer.put("status", "PENDING");
        answer.put("category", c);
        return new Outcome(List.copyOf(after), 200, answer);
    }

    Outcome delete(List<Map<String, Object>> templates, Map<String, String> query) {
        String name = query.get("name");
        String hsmId = query.get("hsm_id");
        if (name == null || name.isBlank()) {
            return refused(templates, 0, "Invalid parameter", "The parameter name is required.");
        }
        List<Map<String, Object>> after = templates.stream()
                .filter(t -> !(name.equals(t.get("name")) && (hsmId == null || hsmId.equals(t.get("id"))))).toList();
        if (after.size() == templates.size()) {
            return refused(templates, NOT_FOUND_SUBCODE, "Message template not found",
                    "The message template " + name + " wasn't found for this account.");
        }
        return new Outcome(after, 200, Map.of("success", true));
    }

    private static Outcome refused(List<Map<String, Object>> templates, int subcode, String title, String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", "Invalid parameter");
        error.put("type", "OAuthException");
        error.put("code", 100);
        if (subcode != 0) {
            error.put("error_subcode", subcode);
        }
        error.put("is_transient", false);
        error.put("error_user_title", title);
        error.put("error_user_msg", message);
        error.put("error_data", Map.of("messaging_product", "whatsapp", "details", message));
        error.put("fbtrace_id", "AbCdEfGhIjKlMnOpQrStUvW");
        return new Outcome(templates, 400, Map.of("error", error));
    }
}
