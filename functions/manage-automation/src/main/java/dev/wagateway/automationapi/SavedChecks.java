package dev.wagateway.automationapi;

import dev.wagateway.automation.FlowGraph;
import dev.wagateway.automation.RuleSet;
import dev.wagateway.automation.TriggerType;
import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.AutomationRuleWriter;
import dev.wagateway.shared.automation.Flow;
import dev.wagateway.shared.automation.FlowWriter;
import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.problem.StorableText;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a rule or flow must be to be saved, beyond its fields' annotations: a trigger the engine can run
 * (RE2 accepts the pattern; a keyword rule has a word), a response that names something (a text, a
 * template, an existing flow), a graph that can run. Refused before anything is written.
 */
@Singleton
class SavedChecks {

    private final AutomationReads reads;
    private final JsonMapper json;

    SavedChecks(AutomationReads reads, JsonMapper json) {
        this.reads = reads;
        this.json = json;
    }

    /** Text PostgreSQL cannot store as sent (NUL, lone surrogates), anywhere in the body: refused first. */
    void storable(Object request) {
        try {
            StorableText.refuse(json.writeValueToTree(request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AutomationRuleWriter.RuleFields rule(RuleRequest request) {
        storable(request);
        List<Problem.FieldError> errors = new ArrayList<>();
        TriggerType trigger = TriggerType.of(request.triggerType()).orElseThrow();
        RuleSet.problem(trigger, request.triggerValue()).ifPresent(p -> errors.add(new Problem.FieldError("trigger_value", p)));
        String response = request.responseValue();
        if (response == null || response.isBlank()) {
            errors.add(new Problem.FieldError("response_value", "is required: the text, the template or the flow's id"));
        } else if (request.responseType().equals("flow")) {
            boolean exists;
            try {
                exists = reads.flow(Long.parseLong(response.strip())).isPresent();
            } catch (NumberFormatException e) {
                exists = false;
            }
            if (!exists) {
                errors.add(new Problem.FieldError("response_value", "must be the id of a flow here"));
            }
        }
        refuse(errors);
        return new AutomationRuleWriter.RuleFields(request.name().strip(), request.triggerType(), blankToNull(request.triggerValue()),
                request.responseType(), response, request.active() == null || request.active(),
                request.priority() == null ? 0 : request.priority(), Map.of());
    }

    FlowWriter.FlowFields flow(FlowRequest request) {
        storable(request);
        List<Flow.Node> nodes = request.nodes().stream().map(n -> new Flow.Node(n.key(), n.type(),
                n.config() == null ? Map.of() : n.config(), n.positionX(), n.positionY())).toList();
        List<Flow.Edge> edges = request.edges().stream().map(e -> new Flow.Edge(e.source(), e.target(), blankToNull(e.condition()))).toList();
        FlowGraph graph = new FlowGraph(0, nodes.stream().map(n -> new FlowGraph.Node(n.key(), n.type(), n.config())).toList(),
                edges.stream().map(e -> new FlowGraph.Edge(e.source(), e.target(), e.condition())).toList());
        List<Problem.FieldError> errors = new ArrayList<>();
        for (String problem : graph.problems()) {
            errors.add(new Problem.FieldError(problem.startsWith("edge") ? "edges" : "nodes", problem));
        }
        refuse(errors);
        Map<String, Object> metadata = new LinkedHashMap<>();
        return new FlowWriter.FlowFields(request.name().strip(), blankToNull(request.description()), blankToNull(request.triggerKeyword()),
                request.active() != null && request.active(), metadata, nodes, edges);
    }

    private static void refuse(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED,
                    errors.stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), errors, Map.of());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
