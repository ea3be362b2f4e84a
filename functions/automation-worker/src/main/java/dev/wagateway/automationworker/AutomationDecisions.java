package dev.wagateway.automationworker;

import dev.wagateway.shared.contact.ContactWriter;

import dev.wagateway.automation.Cooldown;
import dev.wagateway.automation.FlowGraph;
import dev.wagateway.automation.FlowRunner;
import dev.wagateway.automation.FlowStep;
import dev.wagateway.automation.FlowTriggers;
import dev.wagateway.automation.Inbound;
import dev.wagateway.automation.RuleMatch;
import dev.wagateway.automation.RuleSet;
import dev.wagateway.automation.Words;
import dev.wagateway.shared.automation.AutomationReads;
import dev.wagateway.shared.automation.AutomationRunWriter;
import dev.wagateway.shared.automation.ConversationSession;
import dev.wagateway.shared.automation.ConversationSessionWriter;
import dev.wagateway.shared.automation.Flow;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What automation does with one inbound message, decided once in one transaction (the contact's
 * decisions take turns): a handed-off contact gets nothing; an open session gets the customer's answer
 * (or leaves on a stop word, or has expired); else a flow whose trigger keyword the message holds starts;
 * else the first rule that fires answers, unless it answered this contact within the cooldown. The
 * replies are written with the decision and sent after it; every decision is logged in automation_logs.
 */
@Singleton
class AutomationDecisions {

    private final AutomationReads reads;
    private final AutomationRunWriter runs;
    private final ConversationSessionWriter sessions;
    private final ActiveRules rules;
    private final ReplyPlans plans;
    private final AutomationConfiguration configuration;
    private final Clock clock;
    private final ContactWriter contacts;

    AutomationDecisions(AutomationReads reads, AutomationRunWriter runs, ConversationSessionWriter sessions, ActiveRules rules,
                        ReplyPlans plans, AutomationConfiguration configuration, Clock clock, ContactWriter contacts) {
        this.contacts = contacts;
        this.reads = reads;
        this.runs = runs;
        this.sessions = sessions;
        this.rules = rules;
        this.plans = plans;
        this.configuration = configuration;
        this.clock = clock;
    }

    /** A decision's outcome, for the run row and the log. */
    private record Decision(String name, @Nullable Long ruleId, @Nullable String matched, boolean success, @Nullable String error,
                            Map<String, Object> metadata) {
    }

    @Transactional
    public void decide(InboundMessage inbound) {
        String phone = inbound.phone();
        runs.lockContact(phone);
        if (!runs.claim(inbound.id(), inbound.eventId(), phone, "deciding")) {
            return;
        }
        Instant now = clock.instant();
        ReplyPlans.Plan plan = plans.plan(inbound, now);
        Decision decision = decide(inbound, plan, now);
        runs.decided(inbound.id(), decision.name());
        Map<String, Object> metadata = new LinkedHashMap<>(decision.metadata());
        metadata.put("decision", decision.name());
        metadata.put("event_id", inbound.eventId());
        runs.log(decision.ruleId(), phone, inbound.id(), decision.matched(), decision.success(), decision.error(), metadata, now);
    }

    private Decision decide(InboundMessage inbound, ReplyPlans.Plan plan, Instant now) {
        Optional<ConversationSession> open = reads.openSession(inbound.phone());
        if (open.isPresent()) {
            ConversationSession session = open.get();
            if (session.status().equals("handoff")) {
                return new Decision("handoff", null, inbound.text(), false, "the contact is handed off to a human until released",
                        Map.of("session_id", session.id()));
            }
            if (session.expiresAt() != null && !session.expiresAt().isAfter(now)) {
                sessions.end(session, "expired", "expired", session.variables(), now);
            } else if (inbound.text() != null && isStopWord(inbound.text())) {
                sessions.end(session, "completed", "stop_word", session.variables(), now);
                return new Decision("stop_word", null, inbound.text(), true, null, Map.of("session_id", session.id()));
            } else {
                Optional<Decision> answered = answer(session, inbound, plan, now);
                if (answered.isPresent()) {
                    return answered.get();
                }
            }
        }
        Optional<Flow> triggered = triggeredFlow(inbound.text());
        if (triggered.isPresent()) {
            return startFlow(triggered.get(), null, inbound, plan, now, inbound.text());
        }
        RuleSet active = rules.load();
        Inbound seen = new Inbound(inbound.text(), !reads.wroteBefore(inbound.phone(), inbound.id()));
        Optional<RuleMatch> match = active.firstMatch(seen);
        if (match.isEmpty()) {
            return new Decision("no_match", null, null, true, null, Map.of());
        }
        RuleMatch fired = match.get();
        long ruleId = fired.rule().id();
        if (new Cooldown(configuration.cooldown()).cooling(reads.lastAnswered(inbound.phone(), ruleId), now)) {
            return new Decision("cooldown", ruleId, fired.matchedText(), false, "rule " + ruleId + " answered this contact within "
                    + configuration.cooldown(), Map.of());
        }
        return switch (fired.rule().response()) {
            case TEXT -> {
                plan.text("rule:" + ruleId, ruleId, null, null, plans.fill(fired.rule().responseValue(), inbound, Map.of()));
                yield new Decision("rule", ruleId, fired.matchedText(), true, null, Map.of("response", "text"));
            }
            case TEMPLATE -> {
                Optional<String> problem = plan.template("rule:" + ruleId, ruleId, fired.rule().responseValue(), inbound);
                yield new Decision("rule", ruleId, fired.matchedText(), problem.isEmpty(), problem.orElse(null),
                        Map.of("response", "template"));
            }
            case FLOW -> {
                Optional<Flow> flow = flowOf(fired.rule().responseValue());
                if (flow.isEmpty()) {
                    yield new Decision("rule", ruleId, fired.matchedText(), false, "rule " + ruleId + " starts flow '"
                            + fired.rule().responseValue() + "', which is not an active flow", Map.of("response", "flow"));
                }
                Decision started = startFlow(flow.get(), ruleId, inbound, plan, now, fired.matchedText());
                yield new Decision("rule", ruleId, fired.matchedText(), started.success(), started.error(), started.metadata());
            }
        };
    }

    private boolean isStopWord(String text) {
        List<String> words = Words.of(text);
        return configuration.stopWords().stream().map(Words::of).anyMatch(words::equals);
    }

    /** The answer to the question the session waits at; empty when the session cannot go on (it is ended). */
    private Optional<Decision> answer(ConversationSession session, InboundMessage inbound, ReplyPlans.Plan plan, Instant now) {
        Optional<FlowGraph> graph = session.flowId() == null ? Optional.empty() : reads.flow(session.flowId())
                .filter(Flow::active).map(FlowGraph::of).filter(FlowGraph::runnable);
        if (graph.isEmpty() || session.currentNodeKey() == null) {
            sessions.end(session, "completed", "flow_unavailable", session.variables(), now);
            return Optional.empty();
        }
        FlowRunner.Outcome outcome = new FlowRunner(graph.get()).reply(session.currentNodeKey(), session.variables(), inbound.text());
        return Optional.of(apply(session, outcome, null, inbound, plan, now));
    }

    private Decision startFlow(Flow flow, @Nullable Long ruleId, InboundMessage inbound, ReplyPlans.Plan plan, Instant now,
                               @Nullable String matched) {
        FlowGraph graph = FlowGraph.of(flow);
        if (!graph.runnable()) {
            return new Decision("flow", ruleId, matched, false, "flow " + flow.id() + " cannot run: " + String.join("; ", graph.problems()),
                    Map.of("flow_id", flow.id()));
        }
        Map<String, Object> variables = new LinkedHashMap<>();
        if (inbound.profileName() != null) {
            variables.put("name", inbound.profileName());
        }
        variables.put("phone", inbound.phone());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("trigger", ruleId == null ? "keyword" : "rule");
        if (ruleId != null) {
            metadata.put("rule_id", ruleId);
        }
        metadata.put("inbound_message_id", inbound.id());
        ConversationSession session = sessions.start(inbound.phone(), flow.id(), graph.start().key(), variables, now,
                now.plus(configuration.sessionTtl()), metadata);
        FlowRunner.Outcome outcome = new FlowRunner(graph).start(variables, inbound.text());
        Decision applied = apply(session, outcome, ruleId, inbound, plan, now);
        return new Decision(ruleId == null ? "flow" : "rule", ruleId, matched, applied.success(), applied.error(), applied.metadata());
    }

    private Decision apply(ConversationSession session, FlowRunner.Outcome outcome, @Nullable Long ruleId, InboundMessage inbound,
                           ReplyPlans.Plan plan, Instant now) {
        int index = 0;
        for (FlowStep step : outcome.steps()) {
            String key = "flow:" + session.flowId() + ":" + step.nodeKey() + ":" + index++;
            switch (step) {
                case FlowStep.Send send -> plan.text(key, ruleId, session.flowId(), session.id(), send.text());
                case FlowStep.Tag tag -> {
                    sessions.tag(session, tag.tag());
                    contacts.tag(inbound.phone(), tag.tag());
                }
                case FlowStep.Webhook webhook -> sessions.webhook(session, webhook.name(), webhook.data());
                case FlowStep.Handoff handoff -> sessions.handoff(session, handoff.nodeKey(), handoff.reason(), outcome.variables(), now);
            }
        }
        switch (outcome.state()) {
            case WAITING -> sessions.advance(session, outcome.nodeKey(), outcome.variables(), now, now.plus(configuration.sessionTtl()));
            case ENDED -> sessions.end(session, "completed", outcome.error() == null ? "flow_end" : "error", outcome.variables(), now);
            case HANDOFF -> {
                // The handoff step wrote the session's state.
            }
        }
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("flow_id", session.flowId());
        metadata.put("session_id", session.id());
        metadata.put("node", outcome.nodeKey());
        metadata.put("state", outcome.state().name().toLowerCase(java.util.Locale.ROOT));
        return new Decision("flow", ruleId, inbound.text(), outcome.error() == null, outcome.error(), metadata);
    }

    private Optional<Flow> triggeredFlow(@Nullable String text) {
        List<Flow> flows = reads.activeKeywordFlows();
        return FlowTriggers.first(text, flows.stream().map(f -> new FlowTriggers.Trigger(f.id(), f.triggerKeyword())).toList())
                .flatMap(t -> flows.stream().filter(f -> f.id() == t.flowId()).findFirst());
    }

    private Optional<Flow> flowOf(@Nullable String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return reads.flow(Long.parseLong(value.strip())).filter(Flow::active);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

}
