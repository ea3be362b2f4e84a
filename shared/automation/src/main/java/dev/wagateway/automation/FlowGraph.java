package dev.wagateway.automation;

import dev.wagateway.shared.automation.Flow;
import io.micronaut.core.annotation.Nullable;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A flow's nodes and edges. The start node is the one whose config says {@code "start": true}, else the
 * node keyed {@code start}, else the only node no edge leads to (the legacy editor's chains). A graph that
 * cannot run (no start node, an edge to or from a key that is no node, an unknown node type, a key twice)
 * lists why in {@link #problems()}: saving refuses it, an imported one stays inactive with its problems reported.
 */
public final class FlowGraph {

    public static final Set<String> NODE_TYPES = Set.of("message", "question", "condition", "action", "end");

    public record Node(String key, String type, Map<String, Object> config) {
    }

    public record Edge(String source, String target, @Nullable String condition) {
    }

    private final long flowId;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final List<Edge> edges;
    private final List<String> problems = new ArrayList<>();
    private final @Nullable Node start;

    public FlowGraph(long flowId, List<Node> nodes, List<Edge> edges) {
        this.flowId = flowId;
        this.edges = List.copyOf(edges);
        for (Node node : nodes) {
            if (this.nodes.putIfAbsent(node.key(), node) != null) {
                problems.add("node key '" + node.key() + "' is used twice");
            }
            if (!NODE_TYPES.contains(node.type())) {
                problems.add("node '" + node.key() + "' has the unknown type '" + node.type() + "'");
            }
        }
        for (Edge edge : edges) {
            if (!this.nodes.containsKey(edge.source()) || !this.nodes.containsKey(edge.target())) {
                problems.add("edge " + edge.source() + " -> " + edge.target() + " is dangling (names no node "
                        + (this.nodes.containsKey(edge.source()) ? edge.target() : edge.source()) + ")");
            }
        }
        this.start = findStart();
        if (start == null) {
            problems.add("no start node (mark one with \"start\": true in its config)");
        }
    }

    /** A stored flow as the engine's graph (the worker runs it, the API shows its problems). */
    public static FlowGraph of(Flow flow) {
        return new FlowGraph(flow.id(), flow.nodes().stream().map(n -> new Node(n.key(), n.type(), n.config())).toList(),
                flow.edges().stream().map(e -> new Edge(e.source(), e.target(), e.condition())).toList());
    }

    private @Nullable Node findStart() {
        List<Node> marked = nodes.values().stream().filter(n -> Boolean.TRUE.equals(n.config().get("start"))).toList();
        if (marked.size() == 1) {
            return marked.getFirst();
        }
        if (marked.size() > 1) {
            problems.add("more than one node is marked as the start");
            return null;
        }
        if (nodes.containsKey("start")) {
            return nodes.get("start");
        }
        Set<String> targets = new HashSet<>();
        edges.forEach(e -> targets.add(e.target()));
        List<Node> roots = nodes.values().stream().filter(n -> !targets.contains(n.key())).toList();
        return roots.size() == 1 ? roots.getFirst() : null;
    }

    public long flowId() {
        return flowId;
    }

    public List<String> problems() {
        return List.copyOf(problems);
    }

    public boolean runnable() {
        return problems.isEmpty();
    }

    public Node start() {
        if (start == null) {
            throw new IllegalStateException("flow " + flowId + " has no start node");
        }
        return start;
    }

    public Optional<Node> node(String key) {
        return Optional.ofNullable(nodes.get(key));
    }

    public List<Edge> edgesFrom(String key) {
        return edges.stream().filter(e -> e.source().equals(key)).toList();
    }
}
