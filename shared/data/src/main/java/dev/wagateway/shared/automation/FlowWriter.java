package dev.wagateway.shared.automation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Types;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one writer of {@code flows}, {@code flow_nodes} and {@code flow_edges}: a flow and its graph saved
 * together (the API checks the graph first), replaced together, deleted together.
 */
@Singleton
public class FlowWriter {

    /** A flow as the API saves it. */
    public record FlowFields(String name, @Nullable String description, @Nullable String triggerKeyword, boolean active,
                             Map<String, Object> metadata, List<Flow.Node> nodes, List<Flow.Edge> edges) {
    }

    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private final AutomationReads reads;

    public FlowWriter(JdbcOperations jdbc, JsonMapper json, AutomationReads reads) {
        this.jdbc = jdbc;
        this.json = json;
        this.reads = reads;
    }

    @Transactional
    public Flow create(FlowFields flow) {
        long id = jdbc.prepareStatement("INSERT INTO flows (name, description, trigger_keyword, is_active, metadata) "
                + "VALUES (?, ?, ?, ?, CAST(? AS jsonb)) RETURNING id", statement -> {
            statement.setString(1, flow.name());
            statement.setString(2, flow.description());
            statement.setString(3, flow.triggerKeyword());
            statement.setBoolean(4, flow.active());
            statement.setString(5, Rows.json(json, flow.metadata()));
            try (ResultSet r = statement.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
        graph(id, flow);
        return reads.flow(id).orElseThrow();
    }

    /** Replaces the flow and its whole graph; empty when there is no such flow. */
    @Transactional
    public Optional<Flow> replace(long id, FlowFields flow) {
        int changed = jdbc.prepareStatement("UPDATE flows SET name = ?, description = ?, trigger_keyword = ?, is_active = ?, "
                + "metadata = CAST(? AS jsonb) WHERE id = ?", statement -> {
            statement.setString(1, flow.name());
            statement.setString(2, flow.description());
            statement.setString(3, flow.triggerKeyword());
            statement.setBoolean(4, flow.active());
            statement.setString(5, Rows.json(json, flow.metadata()));
            statement.setLong(6, id);
            return statement.executeUpdate();
        });
        if (changed == 0) {
            return Optional.empty();
        }
        jdbc.prepareStatement("DELETE FROM flow_edges WHERE flow_id = ?", s -> {
            s.setLong(1, id);
            return s.executeUpdate();
        });
        jdbc.prepareStatement("DELETE FROM flow_nodes WHERE flow_id = ?", s -> {
            s.setLong(1, id);
            return s.executeUpdate();
        });
        graph(id, flow);
        return reads.flow(id);
    }

    /** Deletes it with its graph (sessions keep their rows, naming no flow); false when there was none. */
    @Transactional
    public boolean delete(long id) {
        return jdbc.prepareStatement("DELETE FROM flows WHERE id = ?", statement -> {
            statement.setLong(1, id);
            return statement.executeUpdate() == 1;
        });
    }

    private void graph(long id, FlowFields flow) {
        for (Flow.Node node : flow.nodes()) {
            jdbc.prepareStatement("INSERT INTO flow_nodes (flow_id, node_key, type, config, position_x, position_y) "
                    + "VALUES (?, ?, ?, CAST(? AS jsonb), ?, ?)", statement -> {
                statement.setLong(1, id);
                statement.setString(2, node.key());
                statement.setString(3, node.type());
                statement.setString(4, Rows.json(json, node.config()));
                if (node.positionX() == null) {
                    statement.setNull(5, Types.DOUBLE);
                } else {
                    statement.setDouble(5, node.positionX());
                }
                if (node.positionY() == null) {
                    statement.setNull(6, Types.DOUBLE);
                } else {
                    statement.setDouble(6, node.positionY());
                }
                return statement.executeUpdate();
            });
        }
        for (Flow.Edge edge : flow.edges()) {
            jdbc.prepareStatement("INSERT INTO flow_edges (flow_id, source_node_key, target_node_key, condition) VALUES (?, ?, ?, ?)",
                    statement -> {
                        statement.setLong(1, id);
                        statement.setString(2, edge.source());
                        statement.setString(3, edge.target());
                        statement.setString(4, edge.condition());
                        return statement.executeUpdate();
                    });
        }
    }
}
