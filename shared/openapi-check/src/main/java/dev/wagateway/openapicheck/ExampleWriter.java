package dev.wagateway.openapicheck;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An example value for a schema of a document, built from the schema itself (its {@code example}s, enums,
 * formats and bounds), so that it always validates against it: a schema that changes changes its example.
 */
final class ExampleWriter {

    private static final String SCHEMA_REF_PREFIX = "#/components/schemas/";
    private static final int DEPTH = 8;
    /** Strings by their property's name, where its schema says no more than "a string". */
    private static final Map<String, String> BY_NAME = Map.ofEntries(
            Map.entry("to", "+15550102030"),
            Map.entry("phone", "+15550102030"),
            Map.entry("user_id", "US.13491208655302741918"),
            Map.entry("parent_user_id", "US.ENT.11815799212886844830"),
            Map.entry("wamid", "wamid.HBgLMTU1NTAxMDIwMzAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"),
            Map.entry("message_id", "wamid.HBgLMTU1NTAxMDIwMzAVAgARGBI5QTNDQTVCM0Q0Q0Q2RTY3RTcA"),
            Map.entry("body", "Your order 1234 is ready for pickup."),
            Map.entry("content", "Your order 1234 is ready for pickup."),
            Map.entry("caption", "Your receipt"),
            Map.entry("emoji", "\uD83D\uDC4D"),
            Map.entry("next_cursor", "bXNnXzAxSkRROFo2WTNWNFc1WDZZN1o4QTlCMEMx"),
            Map.entry("phone_number_id", "106540352242922"),
            Map.entry("error_code", "131047"),
            Map.entry("error_message", "Re-engagement message"),
            Map.entry("language", "en_US"),
            Map.entry("code", "en_US"),
            Map.entry("username", "ana.souza"),
            Map.entry("filename", "receipt.pdf"));

    private final Map<String, Object> schemas;
    private final boolean request;

    /**
     * @param request for a request body: only the members a request must send (required, or not nullable),
     *                so that alternatives (one payload per message type) are not all set at once
     */
    ExampleWriter(Map<String, Object> root, boolean request) {
        this.schemas = DocumentFinisher.map(DocumentFinisher.map(root.get("components")).get("schemas"));
        this.request = request;
    }

    Object example(Map<String, Object> schema) {
        return example(schema, "value", 0);
    }

    private Object example(Map<String, Object> schema, String name, int depth) {
        if (depth > DEPTH) {
            return null;
        }
        if (schema.get("$ref") instanceof String ref) {
            if (!ref.startsWith(SCHEMA_REF_PREFIX)) {
                throw new IllegalStateException("unexpected reference " + ref);
            }
            return example(DocumentFinisher.map(schemas.get(ref.substring(SCHEMA_REF_PREFIX.length()))), name, depth + 1);
        }
        if (schema.containsKey("example")) {
            return schema.get("example");
        }
        if (schema.get("enum") instanceof List<?> values && !values.isEmpty()) {
            return values.getFirst();
        }
        if (schema.get("allOf") instanceof List<?> parts) {
            Map<String, Object> merged = new LinkedHashMap<>();
            for (Object part : parts) {
                if (example(DocumentFinisher.map(part), name, depth + 1) instanceof Map<?, ?> object) {
                    object.forEach((key, value) -> merged.put(String.valueOf(key), value));
                }
            }
            return merged;
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (schema.get(choice) instanceof List<?> options && !options.isEmpty()) {
                return example(DocumentFinisher.map(options.getFirst()), name, depth + 1);
            }
        }
        String type = String.valueOf(schema.getOrDefault("type", schema.containsKey("properties") ? "object" : "string"));
        return switch (type) {
            case "object" -> object(schema, depth);
            case "array" -> {
                Object item = example(DocumentFinisher.map(schema.get("items")), name, depth + 1);
                yield item == null ? new ArrayList<>() : new ArrayList<>(List.of(item));
            }
            case "integer" -> number(schema, 1);
            case "number" -> number(schema, 1.5);
            case "boolean" -> true;
            default -> string(schema, name);
        };
    }

    private Map<String, Object> object(Map<String, Object> schema, int depth) {
        Map<String, Object> object = new LinkedHashMap<>();
        Map<String, Object> properties = DocumentFinisher.map(schema.get("properties"));
        List<?> required = schema.get("required") instanceof List<?> names ? names : List.of();
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            if (request && !required.contains(property.getKey())
                    && Boolean.TRUE.equals(DocumentFinisher.map(property.getValue()).get("nullable"))) {
                continue;
            }
            Object value = example(DocumentFinisher.map(property.getValue()), property.getKey(), depth + 1);
            if (value != null) {
                object.put(property.getKey(), value);
            }
        }
        if (properties.isEmpty() && schema.get("additionalProperties") instanceof Map<?, ?> values) {
            Object value = values.isEmpty() ? "1234" : example(DocumentFinisher.cast(values), "value", depth + 1);
            object.put("order", value);
        }
        return object;
    }

    private static Object number(Map<String, Object> schema, Number fallback) {
        Object minimum = schema.get("minimum");
        Object maximum = schema.get("maximum");
        if (schema.get("default") instanceof Number value) {
            return value;
        }
        if (minimum instanceof Number low) {
            return low;
        }
        if (maximum instanceof Number high && high.doubleValue() < fallback.doubleValue()) {
            return high;
        }
        return fallback;
    }

    private static String string(Map<String, Object> schema, String name) {
        String format = String.valueOf(schema.get("format"));
        String text = switch (format) {
            case "date-time" -> "2026-01-02T03:04:05.123456Z";
            case "date" -> "2026-01-02";
            case "uri", "url" -> "https://example.com/" + name;
            case "email" -> "team@example.com";
            default -> BY_NAME.getOrDefault(name, name);
        };
        int minLength = schema.get("minLength") instanceof Number n ? n.intValue() : 0;
        int maxLength = schema.get("maxLength") instanceof Number n ? n.intValue() : Integer.MAX_VALUE;
        StringBuilder padded = new StringBuilder(text);
        while (padded.length() < minLength) {
            padded.append('x');
        }
        return padded.length() > maxLength ? padded.substring(0, maxLength) : padded.toString();
    }
}
