package dev.wagateway.webhook;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonStringEncoder;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.json.tree.JsonNode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A delivery's body read strictly, with the text of every object, array and number as Meta sent it.
 * It must be exactly one JSON object in UTF-8: a byte order mark, another encoding, a duplicate key or
 * anything after the object (a second delivery glued on) is refused, never half read. What is stored
 * as the raw copy of an item is its text as received (long decimals, {@code 1e400}, escapes and all),
 * spliced into what the service writes around it.
 */
final class DeliveryJson {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private final String text;
    private final Map<JsonNode, int[]> spans = new IdentityHashMap<>();
    private final JsonNode root;

    private DeliveryJson(String text) throws IOException {
        this.text = text;
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first != JsonToken.START_OBJECT) {
                throw malformed("The body is not a JSON object");
            }
            root = read(parser, first);
            if (parser.nextToken() != null) {
                throw malformed("The body holds more than one JSON object: nothing may follow the delivery");
            }
        }
    }

    /** The body, read; a {@link ProblemException} ({@code malformed-request}) saying what is wrong otherwise. */
    static DeliveryJson parse(byte[] body) {
        if (body.length >= 3 && (body[0] & 0xFF) == 0xEF && (body[1] & 0xFF) == 0xBB && (body[2] & 0xFF) == 0xBF) {
            throw malformed("The body starts with a byte order mark; a delivery is UTF-8 without one");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw malformed("The body is not UTF-8");
        }
        try {
            return new DeliveryJson(text);
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() != null && e.getMessage().startsWith("Duplicate field")
                    ? "The body is not JSON as a delivery must be: a key appears twice in one object"
                    : "The body is not JSON";
            throw malformed(reason);
        }
    }

    JsonNode root() {
        return root;
    }

    /** The node as JSON: the text as received for what came in the body, written out for what did not. */
    String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, out);
        return out.toString();
    }

    private void write(JsonNode node, StringBuilder out) {
        int[] span = spans.get(node);
        if (span != null) {
            out.append(text, span[0], span[1]);
        } else if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                quote(entry.getKey(), out);
                out.append(':');
                write(entry.getValue(), out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            boolean first = true;
            for (JsonNode element : node.values()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                write(element, out);
            }
            out.append(']');
        } else if (node.isString()) {
            quote(node.getStringValue(), out);
        } else if (node.isNumber()) {
            out.append(node.getNumberValue());
        } else if (node.isBoolean()) {
            out.append(node.getBooleanValue());
        } else {
            out.append("null");
        }
    }

    private static void quote(String value, StringBuilder out) {
        out.append('"').append(JsonStringEncoder.getInstance().quoteAsString(value)).append('"');
    }

    private JsonNode read(JsonParser parser, JsonToken token) throws IOException {
        int start = (int) parser.currentTokenLocation().getCharOffset();
        JsonNode node = switch (token) {
            case START_OBJECT -> {
                Map<String, JsonNode> fields = new LinkedHashMap<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_OBJECT; next = parser.nextToken()) {
                    String name = parser.currentName();
                    fields.put(name, read(parser, parser.nextToken()));
                }
                yield JsonNode.createObjectNode(fields);
            }
            case START_ARRAY -> {
                List<JsonNode> elements = new ArrayList<>();
                for (JsonToken next = parser.nextToken(); next != JsonToken.END_ARRAY; next = parser.nextToken()) {
                    elements.add(read(parser, next));
                }
                yield JsonNode.createArrayNode(elements);
            }
            case VALUE_STRING -> JsonNode.createStringNode(parser.getText());
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    ? JsonNode.createNumberNode(parser.getBigIntegerValue())
                    : JsonNode.createNumberNode(parser.getLongValue());
            case VALUE_NUMBER_FLOAT -> JsonNode.createNumberNode(parser.getDecimalValue());
            case VALUE_TRUE -> JsonNode.createBooleanNode(true);
            case VALUE_FALSE -> JsonNode.createBooleanNode(false);
            case VALUE_NULL -> JsonNode.nullNode();
            default -> throw new IOException("unexpected " + token);
        };
        if (!node.isString() && !node.isBoolean() && !node.isNull()) {
            // Objects, arrays and numbers keep their text: what a raw copy must not change.
            spans.put(node, new int[] {start, (int) parser.currentLocation().getCharOffset()});
        }
        return node;
    }

    private static ProblemException malformed(String detail) {
        return new ProblemException(ProblemType.MALFORMED_REQUEST, detail);
    }
}
