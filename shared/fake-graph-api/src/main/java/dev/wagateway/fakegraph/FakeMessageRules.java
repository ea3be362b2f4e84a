package dev.wagateway.fakegraph;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Meta's rules for the payloads of interactive, location, contacts and template messages, as the Cloud API's
 * documents state them ("Interactive reply buttons messages", "Interactive list messages", "Interactive
 * call-to-action URL button messages", "Location messages", "Contacts messages", "Template messages"). Written
 * apart from the gateway's own check on purpose: this is the fake's stand-in for Meta, so a test that a valid
 * body passes here holds the gateway to Meta's rules, not to its own reading of them. The first rule broken is
 * answered the way Meta does (code 131009 "Parameter value is not valid", or 131008 "Required parameter is
 * missing", with the details).
 */
final class FakeMessageRules {

    /** A broken rule: Meta's code and its details. */
    record Broken(int code, String details) {
    }

    private FakeMessageRules() {
    }

    /** The first rule the payload of a message of this type breaks, or null. */
    static Broken check(String type, Object payload) {
        return switch (type) {
            case "interactive" -> interactive((Map<?, ?>) payload);
            case "location" -> location((Map<?, ?>) payload);
            case "contacts" -> contacts(payload);
            case "template" -> template((Map<?, ?>) payload);
            default -> null;
        };
    }

    private static Broken interactive(Map<?, ?> interactive) {
        Object type = interactive.get("type");
        if (!List.of("button", "list", "cta_url").contains(type)) {
            return invalid("interactive.type must be button, list or cta_url");
        }
        int bodyMax = "list".equals(type) ? 4096 : 1024;
        Broken broken = text(nested(interactive, "body", "text"), "interactive.body.text", bodyMax);
        if (broken != null) {
            return broken;
        }
        if (interactive.get("footer") != null
                && (broken = text(nested(interactive, "footer", "text"), "interactive.footer.text", 60)) != null) {
            return broken;
        }
        if (interactive.get("header") instanceof Map<?, ?> header) {
            Object headerType = header.get("type");
            if ("list".equals(type) && !"text".equals(headerType)) {
                return invalid("interactive.header.type must be text for a list message");
            }
            if ("text".equals(headerType)) {
                if ((broken = text(header.get("text"), "interactive.header.text", 60)) != null) {
                    return broken;
                }
            } else if (List.of("image", "video", "document").contains(headerType)) {
                if (!oneFile(header.get(headerType))) {
                    return missing("interactive.header." + headerType + " needs id or link");
                }
            } else {
                return invalid("interactive.header.type is not valid");
            }
        }
        if (!(interactive.get("action") instanceof Map<?, ?> action)) {
            return missing("interactive.action");
        }
        return switch ((String) type) {
            case "button" -> buttons(action);
            case "list" -> list(action);
            default -> callToAction(action);
        };
    }

    private static Broken buttons(Map<?, ?> action) {
        if (!(action.get("buttons") instanceof List<?> buttons) || buttons.isEmpty() || buttons.size() > 3) {
            return invalid("interactive.action.buttons must hold 1 to 3 buttons");
        }
        Set<Object> ids = new HashSet<>();
        Set<Object> titles = new HashSet<>();
        for (Object entry : buttons) {
            if (!(entry instanceof Map<?, ?> button) || !"reply".equals(button.get("type"))
                    || !(button.get("reply") instanceof Map<?, ?> reply)) {
                return invalid("each button must be of type reply with a reply object");
            }
            Broken broken = text(reply.get("id"), "button id", 256);
            if (broken == null) {
                broken = text(reply.get("title"), "button title", 20);
            }
            if (broken != null) {
                return broken;
            }
            if (!ids.add(reply.get("id")) || !titles.add(reply.get("title"))) {
                return invalid("Button title and id must be unique");
            }
        }
        return null;
    }

    private static Broken list(Map<?, ?> action) {
        Broken broken = text(action.get("button"), "interactive.action.button", 20);
        if (broken != null) {
            return broken;
        }
        if (!(action.get("sections") instanceof List<?> sections) || sections.isEmpty() || sections.size() > 10) {
            return invalid("interactive.action.sections must hold 1 to 10 sections");
        }
        Set<Object> ids = new HashSet<>();
        int rows = 0;
        for (Object entry : sections) {
            if (!(entry instanceof Map<?, ?> section) || !(section.get("rows") instanceof List<?> sectionRows) || sectionRows.isEmpty()) {
                return invalid("each section needs rows");
            }
            if ((sections.size() > 1 || section.get("title") != null)
                    && (broken = text(section.get("title"), "section title", 24)) != null) {
                return broken;
            }
            for (Object rowEntry : sectionRows) {
                if (!(rowEntry instanceof Map<?, ?> row)) {
                    return invalid("each row must be an object");
                }
                if ((broken = text(row.get("id"), "row id", 200)) != null || (broken = text(row.get("title"), "row title", 24)) != null
                        || (row.get("description") != null && (broken = text(row.get("description"), "row description", 72)) != null)) {
                    return broken;
                }
                if (!ids.add(row.get("id"))) {
                    return invalid("Row ids must be unique");
                }
                rows++;
            }
        }
        return rows > 10 ? invalid("a list message may hold at most 10 rows") : null;
    }

    private static Broken callToAction(Map<?, ?> action) {
        if (!"cta_url".equals(action.get("name")) || !(action.get("parameters") instanceof Map<?, ?> parameters)) {
            return invalid("interactive.action must be name cta_url with parameters");
        }
        Broken broken = text(parameters.get("display_text"), "display_text", 20);
        if (broken != null) {
            return broken;
        }
        return parameters.get("url") instanceof String url && (url.startsWith("https://") || url.startsWith("http://"))
                ? null : invalid("parameters.url must be a URL");
    }

    private static Broken location(Map<?, ?> location) {
        if (!(location.get("latitude") instanceof Number latitude) || !(location.get("longitude") instanceof Number longitude)) {
            return missing("location.latitude and location.longitude");
        }
        return Math.abs(latitude.doubleValue()) > 90 || Math.abs(longitude.doubleValue()) > 180
                ? invalid("location coordinates out of range") : null;
    }

    private static Broken contacts(Object payload) {
        if (!(payload instanceof List<?> cards) || cards.isEmpty() || cards.size() > 257) {
            return invalid("contacts must hold 1 to 257 contacts");
        }
        for (Object entry : cards) {
            if (!(entry instanceof Map<?, ?> card) || !(card.get("name") instanceof Map<?, ?> name)
                    || !(name.get("formatted_name") instanceof String formatted) || formatted.isBlank()) {
                return missing("contacts[].name.formatted_name");
            }
            if (List.of("first_name", "last_name", "middle_name", "suffix", "prefix").stream().noneMatch(name::containsKey)) {
                return missing("contacts[].name needs at least one of first_name, last_name, middle_name, suffix, prefix");
            }
            if (card.get("birthday") != null && !String.valueOf(card.get("birthday")).matches("[0-9]{4}-[0-9]{2}-[0-9]{2}")) {
                return invalid("contacts[].birthday must be YYYY-MM-DD");
            }
        }
        return null;
    }

    private static Broken template(Map<?, ?> template) {
        if (!(template.get("components") instanceof List<?> components)) {
            return null;
        }
        for (Object entry : components) {
            if (!(entry instanceof Map<?, ?> component)) {
                return invalid("components must be objects");
            }
            if ("button".equals(component.get("type"))) {
                Object index = component.get("index");
                String position = index == null ? "" : String.valueOf(index);
                if (component.get("sub_type") == null || !position.matches("[0-9]")) {
                    return missing("a button component needs sub_type and an index from 0 to 9");
                }
            }
            if ("header".equals(component.get("type")) && component.get("parameters") instanceof List<?> parameters) {
                for (Object p : parameters) {
                    if (p instanceof Map<?, ?> parameter && List.of("image", "video", "document").contains(parameter.get("type"))
                            && !oneFile(parameter.get(parameter.get("type")))) {
                        return missing("a media header parameter needs id or link");
                    }
                }
            }
        }
        return null;
    }

    /** A media object names its file by id or by link: exactly one. */
    private static boolean oneFile(Object value) {
        return value instanceof Map<?, ?> media && (media.get("id") == null) != (media.get("link") == null);
    }

    private static Object nested(Map<?, ?> map, String key, String field) {
        return map.get(key) instanceof Map<?, ?> inner ? inner.get(field) : null;
    }

    private static Broken text(Object value, String what, int max) {
        if (!(value instanceof String text) || text.isEmpty()) {
            return missing(what);
        }
        return text.codePointCount(0, text.length()) > max ? invalid(what + " is too long (at most " + max + " characters)") : null;
    }

    private static Broken invalid(String details) {
        return new Broken(131009, details);
    }

    private static Broken missing(String details) {
        return new Broken(131008, details);
    }
}
