package dev.wagateway.shared.sending;

import dev.wagateway.shared.id.Ids;

import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Meta's documented limits on the payload of a send, checked on the Graph API body before any call, so a
 * message Meta would refuse is a 400 naming the field instead of a row failed at Meta. The fields are named
 * as in the body (the payload under the name of its type: {@code interactive.action.buttons[0].reply.title}),
 * which is also how {@code POST /v1/messages} takes them. Sources (WhatsApp Cloud API, Messages reference):
 * <ul>
 *   <li>"Interactive reply buttons messages": 1 to 3 buttons, type {@code reply}; button id at most 256
 *       characters, unique, no leading or trailing spaces; title at most 20, unique in the message; body at most
 *       1024; footer at most 60; header text at most 60; header of text, image, video or document;</li>
 *   <li>"Interactive list messages": button label at most 20; up to 10 sections and 10 rows for all sections
 *       combined; section title at most 24 (required when there is more than one section); row id at most 200
 *       (unique); row title at most 24; row description at most 72; body at most 4096; the header is text only;</li>
 *   <li>"Interactive call-to-action URL button messages": {@code action.name} {@code cta_url}, display text at most
 *       20, the URL required; body at most 1024, footer at most 60; header of text, image, video or document;</li>
 *   <li>"Location messages": latitude and longitude required (decimal degrees), name and address optional;</li>
 *   <li>"Contacts messages": up to 257 contacts; each a {@code name} with {@code formatted_name} and at least one
 *       other name field; {@code birthday} as YYYY-MM-DD;</li>
 *   <li>"Template messages" (components): header, body and button components; a header's media parameter names
 *       its file by {@code id} or {@code link}; a button component needs {@code sub_type} and an {@code index}
 *       from 0 to 9; a quick reply's parameter is a {@code payload}, a URL button's a {@code text}.</li>
 * </ul>
 */
public final class MessageLimits {

    public static final int BUTTONS_MAX = 3;
    public static final int BUTTON_ID_MAX = 256;
    public static final int BUTTON_TITLE_MAX = 20;
    public static final int BODY_MAX = 1024;
    public static final int LIST_BODY_MAX = 4096;
    public static final int FOOTER_MAX = 60;
    public static final int HEADER_TEXT_MAX = 60;
    public static final int LIST_BUTTON_MAX = 20;
    public static final int SECTIONS_MAX = 10;
    public static final int ROWS_MAX = 10;
    public static final int SECTION_TITLE_MAX = 24;
    public static final int ROW_ID_MAX = 200;
    public static final int ROW_TITLE_MAX = 24;
    public static final int ROW_DESCRIPTION_MAX = 72;
    public static final int CTA_DISPLAY_TEXT_MAX = 20;
    /** Not Meta's: the longest link we keep (as for media links). */
    public static final int URL_MAX = 2048;
    public static final int CONTACTS_MAX = 257;
    public static final int BUTTON_INDEX_MAX = 9;

    private static final Set<String> HEADER_TYPES = Set.of("text", "image", "video", "document");
    private static final Set<String> NAME_PARTS = Set.of("first_name", "last_name", "middle_name", "suffix", "prefix");
    private static final Set<String> COMPONENT_TYPES = Set.of("header", "body", "button", "footer", "carousel",
            "limited_time_offer");
    private static final Set<String> MEDIA_PARAMETERS = Set.of("image", "video", "document");
    private static final Pattern META_MEDIA_ID = Pattern.compile("[0-9]{1,64}");
    private static final Pattern BIRTHDAY = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}");

    private MessageLimits() {
    }

    /** Refuses (400, every field named) a body that breaks Meta's limits. */
    public static void require(Map<String, Object> graphBody) {
        List<Problem.FieldError> errors = check(graphBody);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors, Map.of());
        }
    }

    /** What breaks Meta's limits in the body's payload (empty when nothing does). */
    public static List<Problem.FieldError> check(Map<String, Object> graphBody) {
        return graphBody.get("type") instanceof String kind ? check(kind, graphBody.get(kind)) : List.of();
    }

    /**
     * What breaks Meta's limits in the payload of a message of this type, in Meta's shape (a template as its
     * {@code name}, {@code language} and {@code components}).
     */
    public static List<Problem.FieldError> check(String kind, Object payload) {
        List<Problem.FieldError> errors = new ArrayList<>();
        switch (kind) {
            case "interactive" -> interactive(payload, errors);
            case "location" -> location(payload, errors);
            case "contacts" -> contacts(payload, errors);
            case "template" -> template(payload, errors);
            default -> { }
        }
        return errors;
    }

    private static void interactive(Object payload, List<Problem.FieldError> errors) {
        if (!(payload instanceof Map<?, ?> interactive)) {
            errors.add(new Problem.FieldError("interactive", "must be an object"));
            return;
        }
        Object type = interactive.get("type");
        if (!(type instanceof String kind) || !Set.of("button", "list", "cta_url").contains(kind)) {
            errors.add(new Problem.FieldError("interactive.type", "must be one of button, list, cta_url"));
            return;
        }
        int bodyMax = kind.equals("list") ? LIST_BODY_MAX : BODY_MAX;
        Map<?, ?> body = object(interactive, "body", "interactive.body", true, errors);
        if (body != null) {
            text(body.get("text"), "interactive.body.text", bodyMax, true, errors);
        }
        Map<?, ?> footer = object(interactive, "footer", "interactive.footer", false, errors);
        if (footer != null) {
            text(footer.get("text"), "interactive.footer.text", FOOTER_MAX, true, errors);
        }
        Map<?, ?> header = object(interactive, "header", "interactive.header", false, errors);
        if (header != null) {
            header(header, kind.equals("list") ? Set.of("text") : HEADER_TYPES, errors);
        }
        Map<?, ?> action = object(interactive, "action", "interactive.action", true, errors);
        if (action == null) {
            return;
        }
        switch (kind) {
            case "button" -> buttons(action, errors);
            case "list" -> list(action, errors);
            default -> callToAction(action, errors);
        }
    }

    private static void header(Map<?, ?> header, Set<String> allowed, List<Problem.FieldError> errors) {
        Object type = header.get("type");
        if (!(type instanceof String kind) || !allowed.contains(kind)) {
            errors.add(new Problem.FieldError("interactive.header.type", "must be one of " + String.join(", ",
                    allowed.stream().sorted().toList()) + " for this message"));
            return;
        }
        if (kind.equals("text")) {
            text(header.get("text"), "interactive.header.text", HEADER_TEXT_MAX, true, errors);
        } else {
            media(header.get(kind), "interactive.header." + kind, errors);
        }
    }

    private static void buttons(Map<?, ?> action, List<Problem.FieldError> errors) {
        List<?> buttons = list(action.get("buttons"), "interactive.action.buttons", 1, BUTTONS_MAX, errors);
        Set<String> ids = new HashSet<>();
        Set<String> titles = new HashSet<>();
        for (int i = 0; i < buttons.size(); i++) {
            String field = "interactive.action.buttons[" + i + "]";
            if (!(buttons.get(i) instanceof Map<?, ?> button)) {
                errors.add(new Problem.FieldError(field, "must be an object"));
                continue;
            }
            if (!"reply".equals(button.get("type"))) {
                errors.add(new Problem.FieldError(field + ".type", "must be reply"));
            }
            Map<?, ?> reply = object(button, "reply", field + ".reply", true, errors);
            if (reply == null) {
                continue;
            }
            String id = text(reply.get("id"), field + ".reply.id", BUTTON_ID_MAX, true, errors);
            if (id != null && !id.equals(id.strip())) {
                errors.add(new Problem.FieldError(field + ".reply.id", "must not begin or end with spaces"));
            }
            if (id != null && !ids.add(id)) {
                errors.add(new Problem.FieldError(field + ".reply.id", "must be unique among the buttons"));
            }
            String title = text(reply.get("title"), field + ".reply.title", BUTTON_TITLE_MAX, true, errors);
            if (title != null && !titles.add(title)) {
                errors.add(new Problem.FieldError(field + ".reply.title", "must be unique among the buttons"));
            }
        }
    }

    private static void list(Map<?, ?> action, List<Problem.FieldError> errors) {
        text(action.get("button"), "interactive.action.button", LIST_BUTTON_MAX, true, errors);
        List<?> sections = list(action.get("sections"), "interactive.action.sections", 1, SECTIONS_MAX, errors);
        Set<String> ids = new HashSet<>();
        int rowCount = 0;
        for (int s = 0; s < sections.size(); s++) {
            String field = "interactive.action.sections[" + s + "]";
            if (!(sections.get(s) instanceof Map<?, ?> section)) {
                errors.add(new Problem.FieldError(field, "must be an object"));
                continue;
            }
            text(section.get("title"), field + ".title", SECTION_TITLE_MAX, sections.size() > 1, errors);
            List<?> rows = list(section.get("rows"), field + ".rows", 1, ROWS_MAX, errors);
            rowCount += rows.size();
            for (int r = 0; r < rows.size(); r++) {
                String rowField = field + ".rows[" + r + "]";
                if (!(rows.get(r) instanceof Map<?, ?> row)) {
                    errors.add(new Problem.FieldError(rowField, "must be an object"));
                    continue;
                }
                String id = text(row.get("id"), rowField + ".id", ROW_ID_MAX, true, errors);
                if (id != null && !ids.add(id)) {
                    errors.add(new Problem.FieldError(rowField + ".id", "must be unique among the rows of all sections"));
                }
                text(row.get("title"), rowField + ".title", ROW_TITLE_MAX, true, errors);
                text(row.get("description"), rowField + ".description", ROW_DESCRIPTION_MAX, false, errors);
            }
        }
        if (rowCount > ROWS_MAX) {
            errors.add(new Problem.FieldError("interactive.action.sections",
                    "may hold at most " + ROWS_MAX + " rows for all sections combined (has " + rowCount + ")"));
        }
    }

    private static void callToAction(Map<?, ?> action, List<Problem.FieldError> errors) {
        if (!"cta_url".equals(action.get("name"))) {
            errors.add(new Problem.FieldError("interactive.action.name", "must be cta_url"));
        }
        Map<?, ?> parameters = object(action, "parameters", "interactive.action.parameters", true, errors);
        if (parameters == null) {
            return;
        }
        text(parameters.get("display_text"), "interactive.action.parameters.display_text", CTA_DISPLAY_TEXT_MAX, true, errors);
        String url = text(parameters.get("url"), "interactive.action.parameters.url", URL_MAX, true, errors);
        if (url != null && !isWebLink(url, false)) {
            errors.add(new Problem.FieldError("interactive.action.parameters.url", "must be an http or https URL"));
        }
    }

    private static void location(Object payload, List<Problem.FieldError> errors) {
        if (!(payload instanceof Map<?, ?> location)) {
            errors.add(new Problem.FieldError("location", "must be an object"));
            return;
        }
        degrees(location.get("latitude"), "location.latitude", 90, errors);
        degrees(location.get("longitude"), "location.longitude", 180, errors);
        text(location.get("name"), "location.name", 1000, false, errors);
        text(location.get("address"), "location.address", 1000, false, errors);
    }

    private static void degrees(Object value, String field, double limit, List<Problem.FieldError> errors) {
        if (!(value instanceof Number number) || Double.isNaN(number.doubleValue())) {
            errors.add(new Problem.FieldError(field, "is required (decimal degrees)"));
        } else if (Math.abs(number.doubleValue()) > limit) {
            errors.add(new Problem.FieldError(field, "must be between -" + (int) limit + " and " + (int) limit));
        }
    }

    private static void contacts(Object payload, List<Problem.FieldError> errors) {
        List<?> cards = list(payload, "contacts", 1, CONTACTS_MAX, errors);
        for (int i = 0; i < cards.size(); i++) {
            String field = "contacts[" + i + "]";
            if (!(cards.get(i) instanceof Map<?, ?> card)) {
                errors.add(new Problem.FieldError(field, "must be an object"));
                continue;
            }
            Map<?, ?> name = object(card, "name", field + ".name", true, errors);
            if (name != null) {
                text(name.get("formatted_name"), field + ".name.formatted_name", 1000, true, errors);
                if (NAME_PARTS.stream().noneMatch(part -> name.get(part) instanceof String s && !s.isBlank())) {
                    errors.add(new Problem.FieldError(field + ".name",
                            "needs one of first_name, last_name, middle_name, suffix, prefix besides formatted_name"));
                }
            }
            if (card.get("birthday") != null && !(card.get("birthday") instanceof String birthday
                    && BIRTHDAY.matcher(birthday).matches())) {
                errors.add(new Problem.FieldError(field + ".birthday", "must be a date as YYYY-MM-DD"));
            }
            for (String many : List.of("phones", "emails", "urls", "addresses")) {
                if (card.get(many) != null) {
                    List<?> entries = list(card.get(many), field + "." + many, 0, Integer.MAX_VALUE, errors);
                    for (int e = 0; e < entries.size(); e++) {
                        if (!(entries.get(e) instanceof Map<?, ?>)) {
                            errors.add(new Problem.FieldError(field + "." + many + "[" + e + "]", "must be an object"));
                        }
                    }
                }
            }
        }
    }

    private static void template(Object payload, List<Problem.FieldError> errors) {
        if (!(payload instanceof Map<?, ?> template) || !(template.get("components") instanceof List<?> components)) {
            return;
        }
        for (int i = 0; i < components.size(); i++) {
            String field = "template.components[" + i + "]";
            if (!(components.get(i) instanceof Map<?, ?> component)) {
                errors.add(new Problem.FieldError(field, "must be an object"));
                continue;
            }
            if (!(component.get("type") instanceof String type)) {
                errors.add(new Problem.FieldError(field + ".type", "must name the component (header, body, button)"));
                continue;
            }
            String kind = type.toLowerCase(java.util.Locale.ROOT);
            if (!COMPONENT_TYPES.contains(kind)) {
                errors.add(new Problem.FieldError(field + ".type", "must be one of header, body, button"));
                continue;
            }
            List<?> parameters = component.get("parameters") == null ? List.of()
                    : list(component.get("parameters"), field + ".parameters", 0, Integer.MAX_VALUE, errors);
            if (kind.equals("header")) {
                headerParameters(parameters, field, errors);
            } else if (kind.equals("button")) {
                button(component, parameters, field, errors);
            }
        }
    }

    private static void headerParameters(List<?> parameters, String field, List<Problem.FieldError> errors) {
        for (int p = 0; p < parameters.size(); p++) {
            String parameterField = field + ".parameters[" + p + "]";
            if (!(parameters.get(p) instanceof Map<?, ?> parameter) || !(parameter.get("type") instanceof String type)) {
                errors.add(new Problem.FieldError(parameterField + ".type", "is required"));
                continue;
            }
            if (MEDIA_PARAMETERS.contains(type)) {
                media(parameter.get(type), parameterField + "." + type, errors);
            } else if (type.equals("text")) {
                text(parameter.get("text"), parameterField + ".text", HEADER_TEXT_MAX, true, errors);
            }
        }
    }

    private static void button(Map<?, ?> component, List<?> parameters, String field, List<Problem.FieldError> errors) {
        Object subType = component.get("sub_type");
        if (!(subType instanceof String s) || s.isBlank()) {
            errors.add(new Problem.FieldError(field + ".sub_type", "is required for a button (quick_reply, url, copy_code, ...)"));
        }
        Object index = component.get("index");
        Integer position = index instanceof Number n && n.doubleValue() == n.intValue() ? Integer.valueOf(n.intValue())
                : index instanceof String s && s.matches("[0-9]{1,2}") ? Integer.valueOf(s) : null;
        if (position == null || position > BUTTON_INDEX_MAX) {
            errors.add(new Problem.FieldError(field + ".index", "must be the button's position, 0 to " + BUTTON_INDEX_MAX));
        }
        for (int p = 0; p < parameters.size(); p++) {
            String parameterField = field + ".parameters[" + p + "]";
            if (!(parameters.get(p) instanceof Map<?, ?> parameter) || !(parameter.get("type") instanceof String type)) {
                errors.add(new Problem.FieldError(parameterField + ".type", "is required"));
                continue;
            }
            if ("quick_reply".equals(subType) && !(type.equals("payload") && parameter.get("payload") instanceof String)) {
                errors.add(new Problem.FieldError(parameterField, "a quick reply button takes {\"type\": \"payload\", \"payload\": ...}"));
            }
            if ("url".equals(subType) && !(type.equals("text") && parameter.get("text") instanceof String)) {
                errors.add(new Problem.FieldError(parameterField, "a URL button takes {\"type\": \"text\", \"text\": ...}"));
            }
        }
    }

    /** A file by Meta's id (or ours, resolved later) or by an https link: one of them. */
    private static void media(Object value, String field, List<Problem.FieldError> errors) {
        if (!(value instanceof Map<?, ?> media)) {
            errors.add(new Problem.FieldError(field, "is required: the file by id or link"));
            return;
        }
        Object id = media.get("id");
        Object link = media.get("link");
        if ((id == null) == (link == null)) {
            errors.add(new Problem.FieldError(field, "needs either id or link (not both)"));
        } else if (link != null && !(link instanceof String l && l.length() <= URL_MAX && isWebLink(l, true))) {
            errors.add(new Problem.FieldError(field + ".link", "must be an https URL"));
        } else if (id != null && !(id instanceof String i && (META_MEDIA_ID.matcher(i).matches() || Ids.MEDIA.matches(i)))) {
            // Our own media ids (media_...) are resolved here as for a plain media send (send-message's OutgoingMedia).
            errors.add(new Problem.FieldError(field + ".id", "must be a media id (Meta's digits, or ours: media_...) or use link"));
        }
    }

    private static Map<?, ?> object(Map<?, ?> parent, String key, String field, boolean required,
                                    List<Problem.FieldError> errors) {
        Object value = parent.get(key);
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        if (value != null || required) {
            errors.add(new Problem.FieldError(field, value == null ? "is required" : "must be an object"));
        }
        return null;
    }

    private static List<?> list(Object value, String field, int min, int max, List<Problem.FieldError> errors) {
        if (!(value instanceof List<?> list)) {
            errors.add(new Problem.FieldError(field, value == null ? "is required" : "must be a list"));
            return List.of();
        }
        if (list.size() < min || list.size() > max) {
            errors.add(new Problem.FieldError(field, max == Integer.MAX_VALUE ? "must hold at least " + min + " entries"
                    : "must hold " + min + " to " + max + " entries (has " + list.size() + ")"));
        }
        return list;
    }

    /** The text when it is one (non-blank when required, at most {@code max} characters as Meta counts them). */
    private static String text(Object value, String field, int max, boolean required, List<Problem.FieldError> errors) {
        if (value == null) {
            if (required) {
                errors.add(new Problem.FieldError(field, "is required"));
            }
            return null;
        }
        if (!(value instanceof String text)) {
            errors.add(new Problem.FieldError(field, "must be a string"));
            return null;
        }
        if (text.isBlank()) {
            errors.add(new Problem.FieldError(field, "must not be blank"));
            return null;
        }
        int length = text.codePointCount(0, text.length());
        if (length > max) {
            errors.add(new Problem.FieldError(field, "must be at most " + max + " characters (has " + length + ")"));
        }
        return text;
    }

    private static boolean isWebLink(String link, boolean httpsOnly) {
        try {
            URI uri = new URI(link);
            String scheme = uri.getScheme();
            return scheme != null && uri.getHost() != null
                    && (scheme.equalsIgnoreCase("https") || (!httpsOnly && scheme.equalsIgnoreCase("http")));
        } catch (URISyntaxException e) {
            return false;
        }
    }
}
