package dev.wagateway.automationapi;

import dev.wagateway.automation.FlowGraph;
import dev.wagateway.automation.FlowRunner;
import dev.wagateway.automation.FlowStep;
import dev.wagateway.automation.FlowTriggers;
import dev.wagateway.automation.Inbound;
import dev.wagateway.automation.ResponseType;
import dev.wagateway.automation.Rule;
import dev.wagateway.automation.RuleMatch;
import dev.wagateway.automation.RuleSet;
import dev.wagateway.automation.TriggerType;
import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.AutomationRule;
import dev.wagateway.shared.automation.Flow;
import jakarta.inject.Singleton;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code POST /v1/automation/test}: the active flows' trigger keywords first, then the active rules by
 * priority, as the worker tries them for a contact with no open session; what the first that fires would
 * send (a flow: the messages up to its first question). Nothing is sent, written or read beyond the rules and flows.
 */
@Singleton
class DryRun {

    private final AutomationReads reads;

    DryRun(AutomationReads reads) {
        this.reads = reads;
    }

    DryRunResult run(DryRunRequest request) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("name", request.name() == null ? "" : request.name());
        values.put("contact.name", values.get("name"));
        values.put("text", request.text());
        values.put("message.text", request.text());
        List<Flow> flows = reads.activeKeywordFlows();
        Optional<FlowTriggers.Trigger> triggered = FlowTriggers.first(request.text(),
                flows.stream().map(f -> new FlowTriggers.Trigger(f.id(), f.triggerKeyword())).toList());
        if (triggered.isPresent()) {
            Flow flow = flows.stream().filter(f -> f.id() == triggered.get().flowId()).findFirst().orElseThrow();
            return flow("flow", null, flow, triggered.get().keyword(), values);
        }
        List<Rule> rules = new ArrayList<>();
        for (AutomationRule row : reads.activeRules()) {
            Optional<TriggerType> trigger = TriggerType.of(row.triggerType());
            Optional<ResponseType> response = ResponseType.of(row.responseType());
            if (trigger.isPresent() && response.isPresent()) {
                rules.add(new Rule(row.id(), row.name(), trigger.get(), row.triggerValue(), response.get(), row.responseValue(), row.priority()));
            }
        }
        Optional<RuleMatch> match = RuleSet.of(rules).firstMatch(new Inbound(request.text(), Boolean.TRUE.equals(request.firstMessage())));
        if (match.isEmpty()) {
            return new DryRunResult("none", null, null, null, List.of(), null);
        }
        Rule rule = match.get().rule();
        String matched = match.get().matchedText();
        return switch (rule.response()) {
            case TEXT -> new DryRunResult("rule", rule.id(), null, matched,
                    List.of(new DryRunResult.Reply("text", FlowRunner.fill(rule.responseValue() == null ? "" : rule.responseValue(), values), null)),
                    null);
            case TEMPLATE -> new DryRunResult("rule", rule.id(), null, matched,
                    List.of(new DryRunResult.Reply("template", null, rule.responseValue())), null);
            case FLOW -> {
                Optional<Flow> flow = Optional.empty();
                try {
                    flow = reads.flow(Long.parseLong(String.valueOf(rule.responseValue()).strip())).filter(Flow::active);
                } catch (NumberFormatException e) {
                    // reported below
                }
                yield flow.map(f -> flow("rule", rule.id(), f, matched, values)).orElse(new DryRunResult("rule", rule.id(), null, matched,
                        List.of(), "rule " + rule.id() + " starts flow '" + rule.responseValue() + "', which is not an active flow"));
            }
        };
    }

    private static DryRunResult flow(String trigger, Long ruleId, Flow flow, String matched, Map<String, Object> values) {
        FlowGraph graph = FlowGraph.of(flow);
        if (!graph.runnable()) {
            return new DryRunResult(trigger, ruleId, flow.id(), matched, List.of(), "flow " + flow.id() + " cannot run: "
                    + String.join("; ", graph.problems()));
        }
        FlowRunner.Outcome outcome = new FlowRunner(graph).start(values, String.valueOf(values.get("text")));
        List<DryRunResult.Reply> replies = outcome.steps().stream().filter(s -> s instanceof FlowStep.Send)
                .map(s -> new DryRunResult.Reply("text", ((FlowStep.Send) s).text(), null)).toList();
        return new DryRunResult(trigger, ruleId, flow.id(), matched, replies, outcome.error());
    }
}
