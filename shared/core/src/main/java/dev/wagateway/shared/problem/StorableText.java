package dev.wagateway.shared.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.tree.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The one rule for every string a caller sends: it must be text PostgreSQL can store as sent. A NUL
 * character (U+0000) is refused by PostgreSQL in {@code text} and {@code jsonb} alike (a 500 if it got
 * that far), and a UTF-16 surrogate without its partner cannot be encoded as UTF-8 (the driver would
 * store {@code ?} while the answer echoes the original). Both are refused before anything is written.
 */
public final class StorableText {

    static final String NUL = "must not contain the NUL character (U+0000)";
    static final String LONE_SURROGATE = "must not contain an unpaired UTF-16 surrogate (such as \\ud83d)";

    private StorableText() {
    }

    /** Why this string cannot be stored as sent, or null when it can. */
    public static @Nullable String problem(@Nullable CharSequence text) {
        if (text == null) {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == 0) {
                return NUL;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return LONE_SURROGATE;
            }
        }
        return null;
    }

    /**
     * Every string in a JSON document, keys as well as values, named by its path as the caller wrote it
     * ({@code text.body}, {@code template.components[0].type}); a bad key is named by its object.
     */
    public static List<Problem.FieldError> check(JsonNode document) {
        List<Problem.FieldError> errors = new ArrayList<>();
        check(document, "", errors);
        return errors;
    }

    /** Refuses (400 {@code validation-failed}, each field named) a body with a string that cannot be stored. */
    public static void refuse(JsonNode document) {
        List<Problem.FieldError> errors = check(document);
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, errors.stream().map(e -> e.field() + ": " + e.message())
                    .collect(Collectors.joining("; ")), errors, Map.of());
        }
    }

    private static void check(JsonNode node, String path, List<Problem.FieldError> errors) {
        if (node.isString()) {
            add(errors, path, problem(node.getStringValue()));
        } else if (node.isArray()) {
            int index = 0;
            for (JsonNode element : node.values()) {
                check(element, path + "[" + index++ + "]", errors);
            }
        } else if (node.isObject()) {
            for (Map.Entry<String, JsonNode> entry : node.entries()) {
                String keyProblem = problem(entry.getKey());
                if (keyProblem != null) {
                    add(errors, path, "has a key that " + keyProblem);
                    continue;
                }
                check(entry.getValue(), path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), errors);
            }
        }
    }

    private static void add(List<Problem.FieldError> errors, String path, @Nullable String problem) {
        if (problem != null) {
            errors.add(new Problem.FieldError(path.isEmpty() ? "body" : path, problem));
        }
    }
}
