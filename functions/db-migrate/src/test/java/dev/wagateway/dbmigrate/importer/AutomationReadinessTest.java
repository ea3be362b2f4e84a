package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Imported automation that cannot run is kept as it was and named in the report: a flow with a dangling edge, a flow
 * with no start node, a rule whose pattern RE2 refuses; a flow and a rule that can run are not named.
 */
class AutomationReadinessTest {

    @TempDir
    Path dir;

    @Test
    void flowsAndRulesThatCannotRunAreKeptAndNamedInTheReport() throws Exception {
        try (LegacyFile file = LegacyFile.create(dir, "automation")) {
            file.sql("INSERT INTO flows (id, name, is_active) VALUES (1, 'welcome', 1), (2, 'broken', 1), (3, 'loop', 1)");
            file.sql("INSERT INTO flow_nodes (flow_id, node_key, type, config) VALUES "
                    + "(1, 'start', 'message', '{\"text\":\"hi\"}'), (1, 'done', 'end', '{}'), "
                    + "(2, 'start', 'message', '{\"text\":\"hi\"}'), "
                    + "(3, 'a', 'message', '{}'), (3, 'b', 'message', '{}')");
            file.sql("INSERT INTO flow_edges (flow_id, source_node_key, target_node_key) VALUES "
                    + "(1, 'start', 'done'), (2, 'start', 'ghost'), (3, 'a', 'b'), (3, 'b', 'a')");
            file.sql("INSERT INTO automation_rules (id, name, trigger_type, trigger_value, response_type, response_value) VALUES "
                    + "(1, 'prices', 'keyword', 'price', 'text', 'See our prices'), "
                    + "(2, 'unbalanced', 'regex', '(order', 'text', 'never')");
        }
        ImportFixture target = new ImportFixture("automationready");
        ImportResult dry = target.run(new ImportOptions(dir.resolve("automation.db"), true, UnknownTables.STOP, null));
        ImportResult result = target.run(dir.resolve("automation.db"));
        assertEquals(result.table("flows").notes(), dry.table("flows").notes(), "a dry run reports the same");
        assertEquals(result.table("automation_rules").notes(), dry.table("automation_rules").notes());
        assertTrue(result.succeeded(), target.output());
        assertEquals(3, result.table("flows").imported(), target.output());
        assertEquals(2, result.table("automation_rules").imported(), target.output());

        List<String> flows = result.table("flows").notes();
        assertTrue(flows.getFirst().startsWith("2 flows cannot run"), flows.toString());
        assertTrue(flows.stream().anyMatch(n -> n.contains("flow 2 'broken'") && n.contains("dangling")), flows.toString());
        assertTrue(flows.stream().anyMatch(n -> n.contains("flow 3 'loop'") && n.contains("no start node")), flows.toString());
        assertTrue(flows.stream().noneMatch(n -> n.contains("'welcome'")), flows.toString());
        List<String> rules = result.table("automation_rules").notes();
        assertTrue(rules.stream().anyMatch(n -> n.contains("rule 2 'unbalanced'")), rules.toString());
        assertTrue(rules.stream().noneMatch(n -> n.contains("'prices'")), rules.toString());
        assertTrue(target.output().contains("flow 2 'broken'"), "the printed report names it too: " + target.output());
        assertEquals("4", target.value("SELECT count(*) FROM flow_edges"), "every edge kept as it was");
    }
}
