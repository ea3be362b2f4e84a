package dev.wagateway.shared.automation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Map;
import java.util.Optional;

/** The one writer of {@code automation_rules}: the automation API's create, replace and delete. */
@Singleton
public class AutomationRuleWriter {

    /** A rule as the API saves it. */
    public record RuleFields(String name, String triggerType, @Nullable String triggerValue, String responseType,
                             @Nullable String responseValue, boolean active, int priority, Map<String, Object> metadata) {
    }

    private final JdbcOperations jdbc;
    private final JsonMapper json;
    private final AutomationReads reads;

    public AutomationRuleWriter(JdbcOperations jdbc, JsonMapper json, AutomationReads reads) {
        this.jdbc = jdbc;
        this.json = json;
        this.reads = reads;
    }

    @Transactional
    public AutomationRule create(RuleFields rule) {
        long id = jdbc.prepareStatement("INSERT INTO automation_rules (name, trigger_type, trigger_value, response_type, response_value, "
                + "is_active, priority, metadata) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb)) RETURNING id", statement -> {
            bind(statement, rule);
            try (ResultSet r = statement.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        });
        return reads.rule(id).orElseThrow();
    }

    /** Replaces the rule's fields; empty when there is no such rule. */
    @Transactional
    public Optional<AutomationRule> replace(long id, RuleFields rule) {
        int changed = jdbc.prepareStatement("UPDATE automation_rules SET name = ?, trigger_type = ?, trigger_value = ?, response_type = ?, "
                + "response_value = ?, is_active = ?, priority = ?, metadata = CAST(? AS jsonb) WHERE id = ?", statement -> {
            bind(statement, rule);
            statement.setLong(9, id);
            return statement.executeUpdate();
        });
        return changed == 0 ? Optional.empty() : reads.rule(id);
    }

    /** Deletes it (its logs stay, naming no rule, as the legacy gateway's did); false when there was none. */
    @Transactional
    public boolean delete(long id) {
        return jdbc.prepareStatement("DELETE FROM automation_rules WHERE id = ?", statement -> {
            statement.setLong(1, id);
            return statement.executeUpdate() == 1;
        });
    }

    private void bind(java.sql.PreparedStatement statement, RuleFields rule) throws java.sql.SQLException {
        statement.setString(1, rule.name());
        statement.setString(2, rule.triggerType());
        statement.setString(3, rule.triggerValue());
        statement.setString(4, rule.responseType());
        statement.setString(5, rule.responseValue());
        statement.setBoolean(6, rule.active());
        statement.setInt(7, rule.priority());
        statement.setString(8, Rows.json(json, rule.metadata()));
    }
}
