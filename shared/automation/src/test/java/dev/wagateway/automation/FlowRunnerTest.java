package dev.wagateway.automation;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FlowRunnerTest {

    private static FlowGraph.Node node(String key, String type, Map<String, Object> config) {
        return new FlowGraph.Node(key, type, config);
    }

    private static FlowGraph ageFlow() {
        return new FlowGraph(1, List.of(
                node("ask", "question", Map.of("text", "How old are you?", "validation", "number", "variable", "age",
                        "error", "A number, please.")),
                node("check", "condition", Map.of("variable", "age")),
                node("adult", "message", Map.of("text", "Welcome, {{age}}!")),
                node("minor", "message", Map.of("text", "Sorry.")),
                node("done", "end", Map.of())),
                List.of(new FlowGraph.Edge("ask", "check", null), new FlowGraph.Edge("check", "adult", ">=18"),
                        new FlowGraph.Edge("check", "minor", "default"), new FlowGraph.Edge("adult", "done", null),
                        new FlowGraph.Edge("minor", "done", null)));
    }

    @Test
    void questionConditionMessageWithAWrongThenARightAnswer() {
        FlowRunner runner = new FlowRunner(ageFlow());
        FlowRunner.Outcome asked = runner.start(Map.of(), "hi");
        assertEquals(FlowRunner.State.WAITING, asked.state());
        assertEquals(List.of(new FlowStep.Send("ask", "How old are you?")), asked.steps());

        FlowRunner.Outcome wrong = runner.reply("ask", asked.variables(), "old enough");
        assertEquals(FlowRunner.State.WAITING, wrong.state());
        assertEquals(List.of(new FlowStep.Send("ask", "A number, please.")), wrong.steps());
        assertFalse(wrong.variables().containsKey("age"));

        FlowRunner.Outcome right = runner.reply("ask", wrong.variables(), " 42 ");
        assertEquals(FlowRunner.State.ENDED, right.state());
        assertEquals(List.of(new FlowStep.Send("adult", "Welcome, 42!")), right.steps());
        assertEquals("42", right.variables().get("age"));
        assertEquals(List.of(new FlowStep.Send("minor", "Sorry.")), runner.reply("ask", Map.of(), "12").steps());
    }

    @Test
    void actionsTagWebhookSetVariableAndHandoff() {
        FlowGraph graph = new FlowGraph(2, List.of(
                node("s", "action", Map.of("action", "set_variable", "variable", "plan", "value", "gold", "start", true)),
                node("t", "action", Map.of("action", "tag", "tag", "vip")),
                node("w", "action", Map.of("action", "webhook", "event", "lead")),
                node("h", "action", Map.of("action", "handoff")),
                node("never", "message", Map.of("text", "not reached"))),
                List.of(new FlowGraph.Edge("s", "t", null), new FlowGraph.Edge("t", "w", null),
                        new FlowGraph.Edge("w", "h", null), new FlowGraph.Edge("h", "never", null)));
        FlowRunner.Outcome outcome = new FlowRunner(graph).start(Map.of(), null);
        assertEquals(FlowRunner.State.HANDOFF, outcome.state());
        assertEquals(List.of(new FlowStep.Tag("t", "vip"), new FlowStep.Webhook("w", "lead", Map.of("plan", "gold")),
                new FlowStep.Handoff("h", "flow handoff")), outcome.steps());
    }

    @Test
    void graphsThatCannotRunSayWhy() {
        FlowGraph dangling = new FlowGraph(3, List.of(node("a", "message", Map.of())),
                List.of(new FlowGraph.Edge("a", "b", null)));
        assertTrue(dangling.problems().stream().anyMatch(p -> p.contains("dangling")), dangling.problems().toString());
        FlowGraph cycle = new FlowGraph(4, List.of(node("a", "message", Map.of()), node("b", "message", Map.of())),
                List.of(new FlowGraph.Edge("a", "b", null), new FlowGraph.Edge("b", "a", null)));
        assertTrue(cycle.problems().stream().anyMatch(p -> p.contains("no start node")));
        FlowGraph unknown = new FlowGraph(5, List.of(node("start", "jump", Map.of())), List.of());
        assertTrue(unknown.problems().stream().anyMatch(p -> p.contains("unknown type")));
        assertTrue(new FlowGraph(6, List.of(node("n0", "message", Map.of()), node("n1", "end", Map.of())),
                List.of(new FlowGraph.Edge("n0", "n1", "yes"))).runnable(), "the legacy chain starts at its root");
    }

    @Test
    void aLoopWithoutAQuestionStops() {
        FlowGraph loop = new FlowGraph(7, List.of(node("a", "message", Map.of("text", "x", "start", true)),
                node("b", "message", Map.of("text", "y"))),
                List.of(new FlowGraph.Edge("a", "b", null), new FlowGraph.Edge("b", "a", null)));
        FlowRunner.Outcome outcome = new FlowRunner(loop).start(Map.of(), null);
        assertEquals(FlowRunner.State.ENDED, outcome.state());
        assertTrue(outcome.error().contains("loops"));
        assertEquals(FlowRunner.MAX_STEPS, outcome.steps().size());
    }

    @Test
    void edgeConditions() {
        assertTrue(FlowRunner.holds("yes", "YES"));
        assertTrue(FlowRunner.holds("sim", "Sím"));
        assertFalse(FlowRunner.holds("yes", "no"));
        assertTrue(FlowRunner.holds(">10", "10.5"));
        assertFalse(FlowRunner.holds(">10", "ten"));
        assertTrue(FlowRunner.holds("contains:refund", "I want a refund now"));
        assertTrue(FlowRunner.holds("!=no", "maybe"));
    }
}
