package dev.wagateway.shared.automation;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A {@code flows} row with its {@code flow_nodes} and {@code flow_edges}. */
public record Flow(long id, String name, @Nullable String description, @Nullable String triggerKeyword, boolean active,
                   Map<String, Object> metadata, List<Node> nodes, List<Edge> edges, Instant createdAt, Instant updatedAt) {

    public record Node(String key, String type, Map<String, Object> config, @Nullable Double positionX,
                       @Nullable Double positionY) {
    }

    public record Edge(String source, String target, @Nullable String condition) {
    }
}
