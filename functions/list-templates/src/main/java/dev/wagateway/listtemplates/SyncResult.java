package dev.wagateway.listtemplates;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;
import java.util.Map;

/**
 * What a sync changed.
 *
 * @param added     templates Meta has that were not stored
 * @param updated   stored templates whose status, category, components or id changed
 * @param removed   stored templates Meta no longer returns (now soft-deleted)
 * @param unchanged stored templates Meta returned as they were
 * @param skipped   templates Meta returned that cannot be stored (an unknown status, category or
 *                  language code), each as {@code name/language: why}; stored copies stay as they were
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record SyncResult(int added, int updated, int removed, int unchanged,
                         @JsonInclude(JsonInclude.Include.ALWAYS) List<String> skipped) {

    /** The counts, for the scheduled run's answer and its log line. */
    public Map<String, Object> asMap() {
        return Map.of("added", added, "updated", updated, "removed", removed, "unchanged", unchanged, "skipped", skipped);
    }
}
