package dev.wagateway.dbmigrate.importer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one legacy row into target values, or says why it cannot be imported. Nothing is dropped:
 * what a target column cannot hold goes into the row's metadata under {@value #LEGACY}.
 */
final class RowConverter {

    /** The metadata key under which the import keeps what the target columns cannot hold. */
    static final String LEGACY = "legacy";

    /**
     * Reads JSON without changing it: every digit of a number kept (BigDecimal, trailing zeros too), and a key
     * given twice refused (jsonb would keep only the last value).
     */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .nodeFactory(JsonNodeFactory.withExactBigDecimals(true))
            .build();
    // PostgreSQL's numeric (jsonb numbers): at most 131072 digits before the decimal point and 16383 after it.
    private static final int NUMERIC_MAX_INTEGER_DIGITS = 131_072;
    private static final int NUMERIC_MAX_SCALE = 16_383;
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*(\\d+)\\s*}}");
    private static final Pattern LANGUAGE_CODE = Pattern.compile("^([A-Za-z]{2,3})(?:[-_]([A-Za-z0-9]{2,8}))?$");
    private static final Pattern URL = Pattern.compile("(?i)^https?://.*");

    /** A converted row: target values in column order (null for NULL), metadata last; or a reason to reject. */
    record Converted(String[] values, String rejectReason) {
        boolean rejected() {
            return rejectReason != null;
        }
    }

    private final TableSpec spec;
    private final Phones phones;
    private final int[] sourceIndex;
    private final int metadataIndex;
    private final List<String> unknownColumns;
    private final int[] unknownIndex;

    RowConverter(TableSpec spec, List<String> sourceColumns, Phones phones) {
        this.spec = spec;
        this.phones = phones;
        // SQLite matches column names case-insensitively: so does the import (ID, Phone are id, phone).
        Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < sourceColumns.size(); i++) {
            positions.putIfAbsent(sourceColumns.get(i).toLowerCase(Locale.ROOT), i);
        }
        this.sourceIndex = new int[spec.columns().size()];
        for (int i = 0; i < sourceIndex.length; i++) {
            String source = spec.columns().get(i).source();
            sourceIndex[i] = source == null ? -1 : positions.getOrDefault(source, -1);
        }
        this.metadataIndex = spec.legacyMetadata() ? positions.getOrDefault("metadata", -1) : -1;
        var known = spec.sourceColumns();
        this.unknownColumns = sourceColumns.stream().filter(name -> !known.contains(name.toLowerCase(Locale.ROOT))).toList();
        this.unknownIndex = unknownColumns.stream().mapToInt(name -> positions.get(name.toLowerCase(Locale.ROOT))).toArray();
    }

    /** The row's id as the file holds it (for a row that cannot be converted), or null. */
    /** The source column {@link #rawId} reads (-1: the file has none). */
    int rawIdColumn() {
        return sourceIndex[0];
    }

    String rawId(Object[] row) {
        Object value = sourceIndex[0] < 0 ? null : row[sourceIndex[0]];
        return value == null || value instanceof byte[] ? null : text(value);
    }

    List<String> unknownColumns() {
        return unknownColumns;
    }

    Converted convert(Object[] row) {
        List<Column> columns = spec.columns();
        String[] out = new String[columns.size() + 1];
        Legacy legacy = new Legacy();
        for (int i = 0; i < out.length - 1; i++) {
            Column column = columns.get(i);
            Object value = sourceIndex[i] < 0 ? null : row[sourceIndex[i]];
            String reason = convertOne(column, value, out, i, legacy);
            if (reason != null) {
                return new Converted(null, column.name() + ": " + reason);
            }
        }
        for (int i = 0; i < out.length - 1; i++) {
            Column column = columns.get(i);
            if (out[i] == null && column.kind() == Kind.TIMESTAMP && column.required()) {
                // A NOT NULL time that was missing or impossible: another time of the row stands in.
                int other = indexOf(column.fallback());
                if (other >= 0 && out[other] != null) {
                    out[i] = out[other];
                } else {
                    // No time at all in the row: the documented stand-in, said in the row itself.
                    out[i] = LegacyTables.EPOCH;
                    legacy.put("defaulted", column.name(), JsonNodeFactory.instance.textNode(LegacyTables.EPOCH));
                }
            }
        }
        for (int k = 0; k < unknownIndex.length; k++) {
            legacy.put("columns", unknownColumns.get(k), rawJson(row[unknownIndex[k]]));
        }
        out[out.length - 1] = metadata(metadataIndex < 0 ? null : row[metadataIndex], legacy);
        return new Converted(out, null);
    }

    private int indexOf(String name) {
        List<Column> columns = spec.columns();
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Sets {@code out[i]}; returns why the row must be rejected, or null. */
    private String convertOne(Column column, Object value, String[] out, int i, Legacy legacy) {
        String name = column.name();
        if (value instanceof BrokenText broken) {
            legacy.put("original_base64", column.source(), JsonNodeFactory.instance.textNode(
                    Base64.getEncoder().encodeToString(broken.original())));
            value = broken.text();
        }
        switch (column.kind()) {
            case CONSTANT -> out[i] = column.fallback();
            case TEXT_ID -> {
                String id = text(value);
                if (id == null || id.isEmpty()) {
                    return "missing id";
                }
                out[i] = id;
            }
            case INT_ID, INTEGER -> {
                if (value == null || (value instanceof String s && s.isBlank())) {
                    if (column.required()) {
                        return "missing";
                    }
                    out[i] = column.fallback();
                    return null;
                }
                Long number = integer(value);
                if (number == null) {
                    return "not an integer: " + describe(value);
                }
                if (column.minimum() != null && number < column.minimum()) {
                    return "must be at least " + column.minimum() + ", was " + number;
                }
                if (name.equals("message_count") || name.equals("unread_count") || name.equals("rate_limit")
                        || name.equals("priority")) {
                    if (number > Integer.MAX_VALUE || number < Integer.MIN_VALUE) {
                        return "out of range: " + number;
                    }
                }
                out[i] = Long.toString(number);
            }
            case REAL -> {
                if (value == null) {
                    return null;
                }
                Double number = real(value);
                if (number == null) {
                    return "not a number: " + describe(value);
                }
                out[i] = number.toString();
            }
            case TEXT -> {
                String text = text(value);
                if (text == null && column.required()) {
                    return "missing";
                }
                if (text != null && column.required() && text.isBlank()) {
                    return "empty";
                }
                if (text != null && column.maxLength() > 0 && text.length() > column.maxLength()) {
                    return "longer than " + column.maxLength() + " characters";
                }
                if (name.equals("whatsapp_message_id") && text != null && text.isEmpty()) {
                    legacy.put("invalid", column.source(), JsonNodeFactory.instance.textNode(""));
                    text = null;
                }
                if (name.equals("url") && text != null && !URL.matcher(text).matches()) {
                    return "not an http(s) URL: " + describe(value);
                }
                out[i] = text;
            }
            case BOOLEAN -> {
                if (value == null) {
                    out[i] = column.fallback();
                    return null;
                }
                Boolean flag = bool(value);
                if (flag == null) {
                    return "not a boolean: " + describe(value);
                }
                out[i] = flag ? "t" : "f";
            }
            case TIMESTAMP -> {
                String parsed = Timestamps.parse(value);
                if (parsed == null && value != null) {
                    legacy.put("invalid", column.source(), rawJson(value));
                }
                out[i] = parsed;
            }
            case PHONE -> {
                String typed = text(value);
                if (typed == null) {
                    return "no phone number";
                }
                Phones.Result phone = phones.normalise(typed);
                if (phone.e164() == null) {
                    return phone.problem() + ": " + describe(value);
                }
                if (!phone.e164().equals(typed)) {
                    legacy.put("original", column.source(), JsonNodeFactory.instance.textNode(typed));
                }
                out[i] = phone.e164();
            }
            case ENUM -> {
                String text = text(value);
                if (text == null || text.isBlank()) {
                    if (column.required()) {
                        return "missing";
                    }
                    out[i] = column.fallback();
                    return null;
                }
                String mapped = column.enumValues().get(text.strip().toLowerCase(Locale.ROOT).replace(' ', '_'));
                if (mapped == null) {
                    return "unknown value " + describe(value);
                }
                out[i] = mapped;
            }
            case LANGUAGE -> {
                String text = text(value);
                Matcher matcher = text == null ? null : LANGUAGE_CODE.matcher(text.strip());
                if (matcher == null || !matcher.matches()) {
                    return "not a language code: " + describe(value);
                }
                out[i] = matcher.group(1).toLowerCase(Locale.ROOT) + (matcher.group(2) == null ? "" : "_" + matcher.group(2).toUpperCase(Locale.ROOT));
            }
            case JSON_OBJECT, JSON_ARRAY, NAME_LIST -> out[i] = json(column, value, legacy);
            case BLOB -> {
                if (value == null) {
                    return null;
                }
                byte[] bytes = value instanceof byte[] b ? b : String.valueOf(value).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                out[i] = "\\x" + java.util.HexFormat.of().formatHex(bytes);
            }
            case BCRYPT_HASH -> {
                String hash = text(value);
                if (hash == null || !hash.matches("^\\$2[abxy]?\\$\\d{2}\\$.{53}$")) {
                    return "not a bcrypt hash";
                }
                out[i] = hash;
            }
            case PLACEHOLDER_COUNT -> {
                String text = text(value);
                long count = 0;
                if (text != null) {
                    count = PLACEHOLDER.matcher(text).results().map(m -> m.group(1)).distinct().count();
                }
                out[i] = Long.toString(count);
            }
        }
        return null;
    }

    private String json(Column column, Object value, Legacy legacy) {
        String text = text(value);
        if (text == null || text.isBlank() || text.strip().equals("null")) {
            return column.fallback();
        }
        JsonNode parsed = parseJson(text);
        boolean wantArray = column.kind() != Kind.JSON_OBJECT;
        if (parsed == null) {
            if (column.kind() == Kind.NAME_LIST) {
                ArrayNode names = JsonNodeFactory.instance.arrayNode();
                for (String part : text.split(",")) {
                    if (!part.isBlank()) {
                        names.add(part.strip());
                    }
                }
                return names.toString();
            }
            legacy.put("not_json", column.source(), JsonNodeFactory.instance.textNode(text));
            return column.fallback();
        }
        if (wantArray != parsed.isArray() || (!wantArray && !parsed.isObject())) {
            legacy.put("invalid", column.source(), parsed);
            return column.fallback();
        }
        return text;
    }

    private String metadata(Object value, Legacy legacy) {
        String text = text(value);
        ObjectNode base = null;
        if (text != null && !text.isBlank() && !text.strip().equals("null")) {
            JsonNode parsed = parseJson(text);
            if (parsed == null) {
                legacy.put("not_json", "metadata", JsonNodeFactory.instance.textNode(text));
            } else if (!parsed.isObject()) {
                legacy.put("invalid", "metadata", parsed);
            } else if (legacy.node == null) {
                return text;
            } else {
                base = (ObjectNode) parsed;
            }
        }
        if (legacy.node == null) {
            return "{}";
        }
        if (base == null) {
            base = JsonNodeFactory.instance.objectNode();
        }
        JsonNode own = base.get(LEGACY);
        if (own != null) {
            // The row's own metadata already used the key: keep its value beside ours.
            legacy.node.set("metadata_legacy", own);
        }
        base.set(LEGACY, legacy.node);
        return base.toString();
    }

    /**
     * Parses JSON that PostgreSQL's jsonb can hold, or null: not JSON, a NUL, a lone UTF-16 surrogate
     * ({@code "\ud83d"}), a number beyond numeric's range ({@code 1e999999}) or a key given twice. Text
     * that comes back null is kept whole, as text, under the row's legacy key.
     */
    static JsonNode parseJson(String text) {
        if (text.indexOf('\0') >= 0 || text.contains("\\u0000")) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && holdable(node) ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private static boolean holdable(JsonNode node) {
        if (node.isTextual()) {
            return wellFormed(node.textValue());
        }
        if (node.isBigDecimal()) {
            java.math.BigDecimal number = node.decimalValue();
            return number.scale() <= NUMERIC_MAX_SCALE && number.precision() - number.scale() <= NUMERIC_MAX_INTEGER_DIGITS;
        }
        if (node.isBigInteger()) {
            return node.bigIntegerValue().abs().toString().length() <= NUMERIC_MAX_INTEGER_DIGITS;
        }
        if (node.isObject()) {
            for (var fields = node.fields(); fields.hasNext(); ) {
                var field = fields.next();
                if (!wellFormed(field.getKey()) || !holdable(field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (node.isArray()) {
            for (JsonNode element : node) {
                if (!holdable(element)) {
                    return false;
                }
            }
        }
        return true;
    }

    /** No lone surrogate: PostgreSQL refuses one, and written as UTF-8 it would become '?'. */
    private static boolean wellFormed(String text) {
        for (int i = 0, n = text.length(); i < n; i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= n || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return false;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    /** The value as JSON for metadata and rejects: blobs and text PostgreSQL cannot hold as base64. */
    static JsonNode rawJson(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value == null) {
            return f.nullNode();
        }
        if (value instanceof Long l) {
            return f.numberNode(l);
        }
        if (value instanceof Integer n) {
            return f.numberNode(n);
        }
        if (value instanceof Double d) {
            return d.isNaN() || d.isInfinite() ? f.textNode(d.toString()) : f.numberNode(d);
        }
        if (value instanceof byte[] bytes) {
            return f.objectNode().put("$base64", Base64.getEncoder().encodeToString(bytes));
        }
        if (value instanceof BrokenText broken) {
            return f.objectNode().put("$base64", Base64.getEncoder().encodeToString(broken.original()));
        }
        return f.textNode(value.toString());
    }

    private static String text(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        if (value instanceof BrokenText broken) {
            return broken.text();
        }
        if (value instanceof byte[] bytes) {
            return new String(bytes, java.nio.charset.StandardCharsets.UTF_8).replace('\0', '\uFFFD');
        }
        if (value instanceof Double d && d == Math.rint(d) && !d.isInfinite()) {
            return Long.toString(d.longValue());
        }
        return value.toString();
    }

    private static Long integer(Object value) {
        if (value instanceof Long l) {
            return l;
        }
        if (value instanceof Integer n) {
            return n.longValue();
        }
        if (value instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 9.0e18 ? d.longValue() : null;
        }
        if (value instanceof String s) {
            try {
                return Long.parseLong(s.strip());
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Double real(Object value) {
        if (value instanceof Number n) {
            double d = n.doubleValue();
            return Double.isFinite(d) ? d : null;
        }
        if (value instanceof String s) {
            try {
                double d = Double.parseDouble(s.strip());
                return Double.isFinite(d) ? d : null;
            } catch (NumberFormatException e) {
                return null;
            }
        }
        return null;
    }

    private static Boolean bool(Object value) {
        if (value instanceof Long || value instanceof Integer) {
            long n = ((Number) value).longValue();
            return n == 1 ? Boolean.TRUE : n == 0 ? Boolean.FALSE : null;
        }
        if (value instanceof Double d) {
            return d == 1.0 ? Boolean.TRUE : d == 0.0 ? Boolean.FALSE : null;
        }
        if (value instanceof String s) {
            return switch (s.strip().toLowerCase(Locale.ROOT)) {
                case "1", "true", "t", "yes", "y", "on" -> Boolean.TRUE;
                case "0", "false", "f", "no", "n", "off" -> Boolean.FALSE;
                default -> null;
            };
        }
        return null;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "NULL";
        }
        String text = value instanceof byte[] ? "<blob>" : text(value);
        return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
    }

    /** The row's legacy object, made only when something goes into it. */
    private static final class Legacy {
        ObjectNode node;

        void put(String section, String key, JsonNode value) {
            if (node == null) {
                node = JsonNodeFactory.instance.objectNode();
            }
            JsonNode existing = node.get(section);
            ObjectNode target = existing instanceof ObjectNode o ? o : node.putObject(section);
            target.set(key, value);
        }
    }
}
