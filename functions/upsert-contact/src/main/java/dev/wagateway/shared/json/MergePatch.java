package dev.wagateway.shared.json;

import java.util.LinkedHashMap;
import java.util.Map;

/** JSON Merge Patch (RFC 7396) on JSON objects held as maps: a null member removes that key. */
public final class MergePatch {

    private MergePatch() {
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> apply(Map<String, Object> target, Map<String, Object> patch) {
        Map<String, Object> result = new LinkedHashMap<>(target);
        for (Map.Entry<String, Object> member : patch.entrySet()) {
            Object value = member.getValue();
            if (value == null) {
                result.remove(member.getKey());
            } else if (value instanceof Map<?, ?> patchObject) {
                Object current = result.get(member.getKey());
                Map<String, Object> base = current instanceof Map<?, ?> object ? (Map<String, Object>) object : Map.of();
                result.put(member.getKey(), apply(base, (Map<String, Object>) patchObject));
            } else {
                result.put(member.getKey(), value);
            }
        }
        return result;
    }

    /** The patch as a whole new object: what "replace" means, with nulls dropped as a patch would. */
    public static Map<String, Object> replacement(Map<String, Object> patch) {
        return apply(Map.of(), patch);
    }
}
