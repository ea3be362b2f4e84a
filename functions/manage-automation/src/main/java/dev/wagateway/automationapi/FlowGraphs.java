package dev.wagateway.automationapi;

import dev.wagateway.automation.FlowGraph;
import dev.wagateway.shared.automation.Flow;

/** A stored flow as the engine's graph. */
final class FlowGraphs {

    private FlowGraphs() {
    }

    static FlowGraph of(Flow flow) {
        return new FlowGraph(flow.id(), flow.nodes().stream().map(n -> new FlowGraph.Node(n.key(), n.type(), n.config())).toList(),
                flow.edges().stream().map(e -> new FlowGraph.Edge(e.source(), e.target(), e.condition())).toList());
    }
}
