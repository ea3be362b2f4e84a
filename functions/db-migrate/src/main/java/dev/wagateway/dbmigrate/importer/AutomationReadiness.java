package dev.wagateway.dbmigrate.importer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.automation.FlowGraph;
import dev.wagateway.automation.RuleSet;
import dev.wagateway.automation.TriggerType;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What of the imported automation cannot run, said in the import's report: a flow with a dangling edge or no start
 * node, a rule whose pattern RE2 refuses. The rows are kept as the legacy gateway had them; the automation worker
 * never runs them (it checks the same rules, {@link FlowGraph} and {@link RuleSet}), and {@code GET /v1/flows} lists
 * each flow's problems, so the team can mend them through the API.
 */
final class AutomationReadiness {

    /** Flows or rules named one by one in a table's notes; past it, a count. */
    static final int NAMED = 20;
    private static final ObjectMapper JSON = new ObjectMapper();

    private AutomationReadiness() {
    }

    /**
     * The reports, with a note on flows and automation_rules for each one that cannot run.
     *
     * @param dryRun a dry run wrote nothing to the tables: the rows it would write are in its staging tables
     */
    static List<TableReport> annotate(Connection target, List<TableReport> reports, boolean dryRun) throws SQLException {
        java.util.function.UnaryOperator<String> table = name -> dryRun ? TableImporter.stageOf(name) : name;
        Map<String, List<String>> notes = Map.of("flows", flowNotes(target, table), "automation_rules", ruleNotes(target, table));
        List<TableReport> annotated = new ArrayList<>(reports.size());
        for (TableReport report : reports) {
            List<String> extra = notes.getOrDefault(report.table(), List.of());
            if (extra.isEmpty()) {
                annotated.add(report);
                continue;
            }
            List<String> all = new ArrayList<>(report.notes());
            all.addAll(extra);
            annotated.add(new TableReport(report.table(), report.source(), report.inserted(), report.alreadyPresent(),
                    report.merged(), report.rejected(), report.dangling(), report.skipped(), report.verification(), all,
                    report.updated(), report.conflicts(), report.deleted()));
        }
        return annotated;
    }

    private static List<String> flowNotes(Connection target, java.util.function.UnaryOperator<String> table) throws SQLException {
        if (!exists(target, table.apply("flows"))) {
            return List.of();
        }
        Map<Long, String> names = new LinkedHashMap<>();
        Map<Long, List<FlowGraph.Node>> nodes = new LinkedHashMap<>();
        Map<Long, List<FlowGraph.Edge>> edges = new LinkedHashMap<>();
        try (Statement statement = target.createStatement()) {
            try (ResultSet flows = statement.executeQuery("SELECT id, name FROM " + table.apply("flows") + " ORDER BY id")) {
                while (flows.next()) {
                    names.put(flows.getLong(1), flows.getString(2));
                }
            }
            try (ResultSet rows = statement.executeQuery(exists(target, table.apply("flow_nodes"))
                    ? "SELECT flow_id, node_key, type, config::text FROM " + table.apply("flow_nodes") + " ORDER BY flow_id, id"
                    : "SELECT NULL::bigint, NULL, NULL, NULL WHERE false")) {
                while (rows.next()) {
                    nodes.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>())
                            .add(new FlowGraph.Node(rows.getString(2), rows.getString(3), config(rows.getString(4))));
                }
            }
            try (ResultSet rows = statement.executeQuery(exists(target, table.apply("flow_edges"))
                    ? "SELECT flow_id, source_node_key, target_node_key, condition FROM " + table.apply("flow_edges") + " ORDER BY flow_id, id"
                    : "SELECT NULL::bigint, NULL, NULL, NULL WHERE false")) {
                while (rows.next()) {
                    edges.computeIfAbsent(rows.getLong(1), id -> new ArrayList<>())
                            .add(new FlowGraph.Edge(rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        List<String> cannotRun = new ArrayList<>();
        names.forEach((id, name) -> {
            FlowGraph graph = new FlowGraph(id, nodes.getOrDefault(id, List.of()), edges.getOrDefault(id, List.of()));
            if (!graph.runnable()) {
                cannotRun.add("flow " + id + " '" + name + "': " + String.join("; ", graph.problems()));
            }
        });
        return summary(cannotRun, "flow", "flows", "the automation worker never runs it; GET /v1/flows lists its problems, "
                + "PUT /v1/flows/{id} mends it");
    }

    private static List<String> ruleNotes(Connection target, java.util.function.UnaryOperator<String> table) throws SQLException {
        List<String> cannotRun = new ArrayList<>();
        if (!exists(target, table.apply("automation_rules"))) {
            return cannotRun;
        }
        try (Statement statement = target.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id, name, trigger_type, trigger_value FROM "
                     + table.apply("automation_rules") + " ORDER BY id")) {
            while (rows.next()) {
                Optional<TriggerType> trigger = TriggerType.of(rows.getString(3));
                Optional<String> problem = trigger.isEmpty() ? Optional.of("unknown trigger type " + rows.getString(3))
                        : RuleSet.problem(trigger.get(), rows.getString(4));
                long id = rows.getLong(1);
                String name = rows.getString(2);
                problem.ifPresent(p -> cannotRun.add("rule " + id + " '" + name + "': " + p));
            }
        }
        return summary(cannotRun, "rule", "rules", "the automation worker never tries it; PUT /v1/automation/rules/{id} mends it");
    }

    private static List<String> summary(List<String> cannotRun, String one, String many, String what) {
        if (cannotRun.isEmpty()) {
            return List.of();
        }
        List<String> notes = new ArrayList<>();
        notes.add(cannotRun.size() + " " + (cannotRun.size() == 1 ? one + " cannot" : many + " cannot")
                + " run as imported (kept as the legacy gateway had " + (cannotRun.size() == 1 ? "it" : "them") + "; " + what + "):");
        cannotRun.stream().limit(NAMED).forEach(line -> notes.add("  " + line));
        if (cannotRun.size() > NAMED) {
            notes.add("  and " + (cannotRun.size() - NAMED) + " more");
        }
        return notes;
    }

    private static boolean exists(Connection target, String table) throws SQLException {
        try (java.sql.PreparedStatement statement = target.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() && result.getBoolean(1);
            }
        }
    }

    private static Map<String, Object> config(String json) {
        try {
            return json == null ? Map.of() : JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (java.io.IOException e) {
            return Map.of();
        }
    }
}
