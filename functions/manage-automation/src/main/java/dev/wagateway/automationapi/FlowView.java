package dev.wagateway.automationapi;

import dev.wagateway.automation.FlowGraph;
import dev.wagateway.shared.automation.Flow;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;

/**
 * A flow with its graph.
 *
 * @param problems why it cannot run (an imported flow with a dangling edge, an unknown node type, no start node); empty when it can
 */
@Serdeable(naming = SnakeCaseStrategy.class)
@JsonInclude(JsonInclude.Include.ALWAYS)
public record FlowView(long id, String name, @Nullable String description, @Nullable String triggerKeyword, boolean active,
                       List<FlowRequest.Node> nodes, List<FlowRequest.Edge> edges, List<String> problems,
                       Instant createdAt, Instant updatedAt) {

    static FlowView of(Flow flow) {
        return new FlowView(flow.id(), flow.name(), flow.description(), flow.triggerKeyword(), flow.active(),
                flow.nodes().stream().map(n -> new FlowRequest.Node(n.key(), n.type(), n.config(), n.positionX(), n.positionY())).toList(),
                flow.edges().stream().map(e -> new FlowRequest.Edge(e.source(), e.target(), e.condition())).toList(),
                FlowGraph.of(flow).problems(), flow.createdAt(), flow.updatedAt());
    }
}
