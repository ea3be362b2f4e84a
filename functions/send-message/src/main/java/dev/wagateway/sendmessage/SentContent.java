package dev.wagateway.sendmessage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the message row keeps of an interactive, location, contacts or template message as its {@code content}
 * (searchable, shown by {@code GET /v1/messages}) and {@code media_url} (a header's file), read from the payload
 * in Meta's shape (already checked against Meta's limits).
 */
final class SentContent {

    private SentContent() {
    }

    /** The header's text (when there is one) and the body, as the recipient reads them. */
    static String interactive(Map<?, ?> interactive) {
        List<String> parts = new ArrayList<>();
        if (interactive.get("header") instanceof Map<?, ?> header && header.get("text") instanceof String text) {
            parts.add(text);
        }
        if (interactive.get("body") instanceof Map<?, ?> body && body.get("text") instanceof String text) {
            parts.add(text);
        }
        return parts.isEmpty() ? null : String.join("\n", parts);
    }

    /** The link (or media id) of an image, video or document header. */
    static String interactiveHeaderMedia(Map<?, ?> interactive) {
        if (interactive.get("header") instanceof Map<?, ?> header && header.get("type") instanceof String type
                && header.get(type) instanceof Map<?, ?> media) {
            return mediaReference(media);
        }
        return null;
    }

    /** The link (or media id) of a template's image, video or document header parameter. */
    static String templateHeaderMedia(List<Map<String, Object>> components) {
        if (components == null) {
            return null;
        }
        for (Map<String, Object> component : components) {
            if ("header".equalsIgnoreCase(String.valueOf(component.get("type")))
                    && component.get("parameters") instanceof List<?> parameters) {
                for (Object parameter : parameters) {
                    if (parameter instanceof Map<?, ?> p && p.get("type") instanceof String type
                            && p.get(type) instanceof Map<?, ?> media) {
                        return mediaReference(media);
                    }
                }
            }
        }
        return null;
    }

    /** "Name, address (latitude, longitude)", with what the location has. */
    static String location(Map<?, ?> location) {
        String place = java.util.stream.Stream.of(location.get("name"), location.get("address"))
                .filter(v -> v instanceof String s && !s.isBlank()).map(Object::toString).collect(Collectors.joining(", "));
        String point = "(" + location.get("latitude") + ", " + location.get("longitude") + ")";
        return place.isEmpty() ? point : place + " " + point;
    }

    /** The cards' formatted names. */
    static String contacts(List<?> cards) {
        return cards.stream().map(card -> card instanceof Map<?, ?> c && c.get("name") instanceof Map<?, ?> name
                        ? name.get("formatted_name") : null)
                .filter(Objects::nonNull).map(Object::toString).collect(Collectors.joining(", "));
    }

    private static String mediaReference(Map<?, ?> media) {
        Object reference = media.get("link") != null ? media.get("link") : media.get("id");
        return reference == null ? null : reference.toString();
    }
}
