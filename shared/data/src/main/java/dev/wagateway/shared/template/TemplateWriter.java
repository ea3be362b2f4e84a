package dev.wagateway.shared.template;

import dev.wagateway.shared.lock.AdvisoryLocks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;

/**
 * The one writer of {@code templates}: a template sync's inserts, updates and removals (through
 * {@link TemplateRepository}), and the status Meta's webhook reports for one template.
 */
@Singleton
public class TemplateWriter {

    // The newest status event wins: an older one, delivered late, changes nothing.
    private static final String STATUS_EVENT = """
            WITH target AS (
                SELECT id FROM templates
                WHERE deleted_at IS NULL
                  AND ((CAST(? AS text) IS NOT NULL AND whatsapp_template_id = ?) OR (name = ? AND language = ?))
                FOR UPDATE),
            updated AS (
                UPDATE templates t
                SET status = coalesce(CAST(? AS text), t.status),
                    metadata = t.metadata || jsonb_build_object('statusEvent', CAST(? AS jsonb))
                FROM target
                WHERE t.id = target.id AND coalesce((t.metadata->'statusEvent'->>'time')::bigint, 0) <= ?
                RETURNING t.id)
            SELECT (SELECT count(*) FROM target), (SELECT count(*) FROM updated)""";

    private final TemplateRepository templates;
    private final TransactionOperations<Connection> transactions;

    public TemplateWriter(TemplateRepository templates, TransactionOperations<Connection> transactions) {
        this.templates = templates;
        this.transactions = transactions;
    }

    /** Makes concurrent syncs (the schedule's and a caller's) take turns; released when the transaction ends. */
    public void lockForSync() {
        templates.lockForSync(AdvisoryLocks.TEMPLATE_SYNC);
    }

    /**
     * One sync's changes, in the caller's transaction (which holds {@link #lockForSync}). Removals
     * (soft deletes) first: a template deleted and re-created under its name frees the live
     * (name, language) slot.
     */
    public void applySync(List<Template> removals, List<Template> updates, List<Template> inserts) {
        templates.updateAll(removals);
        templates.updateAll(updates);
        templates.saveAll(inserts);
    }

    /**
     * The status (and the event itself, in metadata) Meta reported for a template, found by its
     * WhatsApp id or its name and language; in the caller's transaction.
     *
     * @return false when no live template is that one (not ours, or not synced yet)
     */
    public boolean applyStatusEvent(@Nullable String whatsappTemplateId, String name, String language,
                                    @Nullable String status, String eventJson, long eventTime) throws SQLException {
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(STATUS_EVENT)) {
            statement.setString(1, whatsappTemplateId);
            statement.setString(2, whatsappTemplateId);
            statement.setString(3, name);
            statement.setString(4, language);
            statement.setString(5, status);
            statement.setString(6, eventJson);
            statement.setLong(7, eventTime);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getInt(1) > 0;
            }
        }
    }
}
