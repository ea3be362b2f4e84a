package dev.wagateway.shared.json;

import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/** The one cap on a caller's {@code metadata} object, contacts and messages alike: 16 KB of JSON. */
public final class MetadataSize {

    public static final int MAX_BYTES = 16 * 1024;

    private MetadataSize() {
    }

    /** Refuses (400 {@code validation-failed} on {@code metadata}) an object over {@link #MAX_BYTES} as JSON. */
    public static void check(JsonMapper json, @Nullable Map<String, Object> metadata) {
        if (metadata == null) {
            return;
        }
        try {
            if (json.writeValueAsBytes(metadata).length > MAX_BYTES) {
                throw ProblemException.invalidField("metadata", "must be at most 16 KB of JSON");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
