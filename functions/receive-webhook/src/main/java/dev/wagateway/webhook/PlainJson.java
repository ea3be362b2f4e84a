package dev.wagateway.webhook;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed node as the plain values an event's data holds (maps, lists, strings, numbers, booleans, null): what
 * reading the node's text back with the JSON mapper gave, without the second parse.
 */
final class PlainJson {

    private PlainJson() {
    }

    static @Nullable Object value(@Nullable JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                map.put(entry.getKey(), value(entry.getValue()));
            }
            return Collections.unmodifiableMap(map);
        }
        if (node.isArray()) {
            return list(node);
        }
        if (node.isString()) {
            return node.getStringValue();
        }
        if (node.isBoolean()) {
            return node.getBooleanValue();
        }
        Number number = node.getNumberValue();
        // Decimals as the mapper reads them (doubles), unless a double cannot hold them at all.
        if (number instanceof BigDecimal decimal && Double.isFinite(decimal.doubleValue())) {
            return decimal.doubleValue();
        }
        return number;
    }

    static List<Object> list(JsonNode array) {
        List<Object> list = new ArrayList<>();
        for (JsonNode element : array.values()) {
            list.add(value(element));
        }
        return Collections.unmodifiableList(list);
    }
}
