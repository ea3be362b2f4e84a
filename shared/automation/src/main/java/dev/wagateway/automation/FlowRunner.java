package dev.wagateway.automation;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.micronaut.core.annotation.Nullable;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;

/**
 * Runs a flow from where its session stands until it must wait for the customer (a question), ends or
 * hands off. Pure: the caller stores the outcome (session, sends, actions) and sends.
 *
 * <p>Nodes: {@code message} sends {@code config.text}; {@code question} sends {@code config.text}, waits, then
 * validates the reply ({@code config.validation}: {@code text}, {@code number}, {@code email}, {@code options}
 * with {@code config.options}, or {@code config.pattern}, an RE2 pattern), sends {@code config.error} (or asks
 * again) when it fails, stores it in {@code config.variable}; {@code condition} chooses the edge whose
 * {@code condition} holds for {@code config.variable} (or the last reply); {@code action} does
 * {@code config.action}: {@code set_variable} ({@code variable}, {@code value}), {@code tag} ({@code tag}),
 * {@code webhook} ({@code event}), {@code handoff}; {@code end} (optionally sending {@code config.text}).
 * Texts take {@code {{variable}}} placeholders. Edge conditions: a value (equal, case and accents ignored),
 * {@code >n}, {@code >=n}, {@code <n}, {@code <=n}, {@code !=v}, {@code contains:v}; an edge without one is the default.
 */
public final class FlowRunner {

    /** Steps one inbound message may run, so a cycle without a question cannot loop for ever. */
    static final int MAX_STEPS = 50;

    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");
    private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$");

    public enum State { WAITING, ENDED, HANDOFF }

    /**
     * Where the flow stands after this message.
     *
     * @param nodeKey   the question it waits at (WAITING), the last node run otherwise
     * @param error     why it ended early (a choice no edge matched, a step limit), else null
     */
    public record Outcome(State state, @Nullable String nodeKey, Map<String, Object> variables, List<FlowStep> steps,
                          @Nullable String error) {
    }

    private final FlowGraph graph;

    public FlowRunner(FlowGraph graph) {
        if (!graph.runnable()) {
            throw new IllegalArgumentException("flow " + graph.flowId() + " cannot run: " + graph.problems());
        }
        this.graph = graph;
    }

    /** A new session: from the start node. */
    public Outcome start(Map<String, Object> variables, @Nullable String text) {
        return run(graph.start(), new LinkedHashMap<>(variables), text, new ArrayList<>());
    }

    /** The customer's reply to the question the session waits at. */
    public Outcome reply(String waitingAt, Map<String, Object> variables, @Nullable String text) {
        Map<String, Object> vars = new LinkedHashMap<>(variables);
        List<FlowStep> steps = new ArrayList<>();
        Optional<FlowGraph.Node> question = graph.node(waitingAt);
        if (question.isEmpty() || !question.get().type().equals("question")) {
            return new Outcome(State.ENDED, waitingAt, vars, steps, "the session waits at '" + waitingAt
                    + "', which is no question of this flow");
        }
        FlowGraph.Node node = question.get();
        Optional<String> invalid = invalid(node.config(), text);
        if (invalid.isPresent()) {
            String again = string(node.config(), "error");
            steps.add(new FlowStep.Send(node.key(), fill(again != null ? again : invalid.get() + " "
                    + nonNull(string(node.config(), "text")), vars)));
            return new Outcome(State.WAITING, node.key(), vars, steps, null);
        }
        String variable = string(node.config(), "variable");
        if (variable != null) {
            vars.put(variable, text.strip());
        }
        vars.put("last_reply", text.strip());
        Optional<FlowGraph.Edge> next = choose(graph.edgesFrom(node.key()), text.strip());
        if (next.isEmpty()) {
            return new Outcome(State.ENDED, node.key(), vars, steps, null);
        }
        return run(graph.node(next.get().target()).orElseThrow(), vars, text, steps);
    }

    private Outcome run(FlowGraph.Node first, Map<String, Object> vars, @Nullable String text, List<FlowStep> steps) {
        FlowGraph.Node node = first;
        for (int i = 0; i < MAX_STEPS; i++) {
            Map<String, Object> config = node.config();
            String next = null;
            switch (node.type()) {
                case "message" -> {
                    steps.add(new FlowStep.Send(node.key(), fill(nonNull(string(config, "text")), vars)));
                    next = follow(node, null);
                }
                case "question" -> {
                    steps.add(new FlowStep.Send(node.key(), fill(nonNull(string(config, "text")), vars)));
                    return new Outcome(State.WAITING, node.key(), vars, steps, null);
                }
                case "condition" -> {
                    String variable = string(config, "variable");
                    Object value = variable != null ? vars.get(variable) : vars.getOrDefault("last_reply", text);
                    Optional<FlowGraph.Edge> chosen = choose(graph.edgesFrom(node.key()), value == null ? "" : value.toString());
                    if (chosen.isEmpty()) {
                        return new Outcome(State.ENDED, node.key(), vars, steps,
                                "condition '" + node.key() + "': no edge matches '" + value + "' and none is the default");
                    }
                    next = chosen.get().target();
                }
                case "action" -> {
                    String action = nonNull(string(config, "action"));
                    switch (action) {
                        case "set_variable" -> {
                            String variable = string(config, "variable");
                            if (variable != null) {
                                Object value = config.get("value");
                                vars.put(variable, value instanceof String s ? fill(s, vars) : value);
                            }
                        }
                        case "tag" -> steps.add(new FlowStep.Tag(node.key(), nonNull(string(config, "tag"))));
                        case "webhook" -> steps.add(new FlowStep.Webhook(node.key(),
                                string(config, "event") != null ? string(config, "event") : node.key(), Map.copyOf(stringKeys(vars))));
                        case "handoff" -> {
                            String reason = string(config, "reason");
                            steps.add(new FlowStep.Handoff(node.key(), reason != null ? reason : "flow handoff"));
                            return new Outcome(State.HANDOFF, node.key(), vars, steps, null);
                        }
                        default -> {
                            return new Outcome(State.ENDED, node.key(), vars, steps,
                                    "action '" + node.key() + "' has the unknown action '" + action + "'");
                        }
                    }
                    next = follow(node, null);
                }
                case "end" -> {
                    String goodbye = string(config, "text");
                    if (goodbye != null && !goodbye.isBlank()) {
                        steps.add(new FlowStep.Send(node.key(), fill(goodbye, vars)));
                    }
                    return new Outcome(State.ENDED, node.key(), vars, steps, null);
                }
                default -> throw new IllegalStateException("unknown node type " + node.type());
            }
            if (next == null) {
                return new Outcome(State.ENDED, node.key(), vars, steps, null);
            }
            node = graph.node(next).orElseThrow();
        }
        return new Outcome(State.ENDED, node.key(), vars, steps, "more than " + MAX_STEPS
                + " steps without a question: the flow loops");
    }

    private @Nullable String follow(FlowGraph.Node node, @Nullable String value) {
        return choose(graph.edgesFrom(node.key()), value == null ? "" : value).map(FlowGraph.Edge::target).orElse(null);
    }

    /** The first edge whose condition holds for the value, else the first without a condition. */
    static Optional<FlowGraph.Edge> choose(List<FlowGraph.Edge> edges, String value) {
        for (FlowGraph.Edge edge : edges) {
            if (edge.condition() != null && !edge.condition().isBlank() && !isDefault(edge.condition()) && holds(edge.condition().strip(), value)) {
                return Optional.of(edge);
            }
        }
        return edges.stream().filter(e -> e.condition() == null || e.condition().isBlank() || isDefault(e.condition())).findFirst();
    }

    private static boolean isDefault(String condition) {
        String c = condition.strip().toLowerCase(java.util.Locale.ROOT);
        return c.equals("default") || c.equals("else") || c.equals("*");
    }

    static boolean holds(String condition, String value) {
        for (String op : List.of(">=", "<=", "!=", ">", "<", "=")) {
            if (condition.startsWith(op)) {
                String operand = condition.substring(op.length()).strip();
                if (op.equals("!=")) {
                    return !same(operand, value);
                }
                if (op.equals("=")) {
                    return same(operand, value);
                }
                BigDecimal left = number(value);
                BigDecimal right = number(operand);
                if (left == null || right == null) {
                    return false;
                }
                int c = left.compareTo(right);
                return switch (op) {
                    case ">=" -> c >= 0;
                    case "<=" -> c <= 0;
                    case ">" -> c > 0;
                    default -> c < 0;
                };
            }
        }
        if (condition.regionMatches(true, 0, "contains:", 0, 9)) {
            return Words.framed(Words.of(value)).contains(Words.framed(Words.of(condition.substring(9))));
        }
        return same(condition, value);
    }

    private static boolean same(String a, String b) {
        return Words.of(a).equals(Words.of(b));
    }

    private static @Nullable BigDecimal number(String text) {
        try {
            return new BigDecimal(text.strip().replace(',', '.'));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Why a reply does not answer the question, or empty when it does. */
    static Optional<String> invalid(Map<String, Object> config, @Nullable String reply) {
        if (reply == null || reply.isBlank()) {
            return Optional.of("Please answer with a text.");
        }
        String text = reply.strip();
        String pattern = string(config, "pattern");
        if (pattern != null) {
            try {
                return Pattern.compile(pattern).matcher(text).find() ? Optional.empty() : Optional.of("That answer is not valid.");
            } catch (PatternSyntaxException e) {
                return Optional.empty();
            }
        }
        String validation = string(config, "validation");
        return switch (validation == null ? "text" : validation) {
            case "number" -> number(text) != null ? Optional.empty() : Optional.of("Please answer with a number.");
            case "email" -> EMAIL.matcher(text).find() ? Optional.empty() : Optional.of("Please answer with an email address.");
            case "options" -> config.get("options") instanceof List<?> options
                    && options.stream().anyMatch(o -> same(String.valueOf(o), text))
                    ? Optional.empty() : Optional.of("Please answer with one of: " + config.get("options") + ".");
            default -> Optional.empty();
        };
    }

    /** {@code {{name}}} placeholders filled from the variables; an unknown one is left empty. */
    public static String fill(String text, Map<String, Object> vars) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = vars.get(matcher.group(1));
            matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? "" : value.toString()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static Map<String, Object> stringKeys(Map<String, Object> vars) {
        Map<String, Object> copy = new LinkedHashMap<>();
        vars.forEach((k, v) -> copy.put(k, v == null ? "" : v));
        return copy;
    }

    private static @Nullable String string(Map<String, Object> config, String key) {
        Object value = config.get(key);
        return value == null ? null : value.toString();
    }

    private static String nonNull(@Nullable String text) {
        return text == null ? "" : text;
    }
}
