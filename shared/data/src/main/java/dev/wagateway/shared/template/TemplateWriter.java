package dev.wagateway.shared.template;

import dev.wagateway.events.EventData;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.shared.lock.AdvisoryLocks;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The one writer of {@code templates}: a template sync's inserts, updates and removals (through
 * {@link TemplateRepository}), and the status Meta's webhook reports for one template. Each change
 * writes its {@code template.updated} event in the same transaction.
 */
@Singleton
public class TemplateWriter {

    // The live template a webhook names, by its WhatsApp id or its name and language, locked.
    private static final String TARGET = """
            WITH target AS (
                SELECT id, status AS previous_status FROM templates
                WHERE deleted_at IS NULL
                  AND ((CAST(? AS text) IS NOT NULL AND whatsapp_template_id = ?) OR (name = ? AND language = ?))
                FOR UPDATE),
            """;

    // What both answer (see applied): templates matched, then the changed template and its previous status.
    private static final String ANSWER = """
            SELECT (SELECT count(*) FROM target), u.id, u.name, u.language, u.category, u.status, target.previous_status
            FROM (SELECT 1) AS one LEFT JOIN updated u ON true LEFT JOIN target ON target.id = u.id""";

    // The newest status event wins: an older one, delivered late, changes nothing.
    private static final String STATUS_EVENT = TARGET + """
            updated AS (
                UPDATE templates t
                SET status = coalesce(CAST(? AS text), t.status),
                    metadata = t.metadata || jsonb_build_object('statusEvent', CAST(? AS jsonb))
                FROM target
                WHERE t.id = target.id AND coalesce((t.metadata->'statusEvent'->>'time')::bigint, 0) <= ?
                RETURNING t.id, t.name, t.language, t.category, t.status)
            """ + ANSWER;

    // A quality score or category Meta reported, kept in metadata under qualityEvent / categoryEvent (the category
    // also in its column); the newest event of each kind wins.
    private static final String WEBHOOK_CHANGE = TARGET + """
            updated AS (
                UPDATE templates t
                SET category = coalesce(CAST(? AS text), t.category),
                    metadata = t.metadata || jsonb_build_object(CAST(? AS text), CAST(? AS jsonb))
                FROM target
                WHERE t.id = target.id AND coalesce((t.metadata->CAST(? AS text)->>'time')::bigint, 0) <= ?
                RETURNING t.id, t.name, t.language, t.category, t.status)
            """ + ANSWER;

    private final TemplateRepository templates;
    private final TransactionOperations<Connection> transactions;
    private final OutboxWriter outbox;
    private final JsonMapper json;

    public TemplateWriter(TemplateRepository templates, TransactionOperations<Connection> transactions, OutboxWriter outbox,
                          JsonMapper json) {
        this.templates = templates;
        this.transactions = transactions;
        this.outbox = outbox;
        this.json = json;
    }

    /** A stored template and what a sync makes of it. */
    public record Update(Template previous, Template updated) {
    }

    /** Makes concurrent syncs (the schedule's and a caller's) take turns; released when the transaction ends. */
    public void lockForSync() {
        templates.lockForSync(AdvisoryLocks.TEMPLATE_SYNC);
    }

    /**
     * One sync's changes and their events, in the caller's transaction (which holds {@link #lockForSync}).
     * Removals (soft deletes) first: a template deleted and re-created under its name frees the live
     * (name, language) slot.
     */
    public void applySync(List<Template> removals, List<Update> updates, List<Template> inserts) {
        templates.updateAll(removals);
        templates.updateAll(updates.stream().map(Update::updated).toList());
        templates.saveAll(inserts);
        List<NewEvent> events = new ArrayList<>();
        inserts.forEach(t -> events.add(syncEvent(t, null, "created")));
        updates.forEach(u -> events.add(syncEvent(u.updated(), u.previous().status(), "updated")));
        removals.forEach(t -> events.add(syncEvent(t, t.status(), "deleted")));
        write(events);
    }

    /**
     * A template the API created at Meta, stored as Meta answered (usually {@code PENDING}), with its
     * {@code template.updated} ({@code created}, source {@code api}), in the caller's transaction, which holds
     * {@link #lockForSync}: a sync that stored it first wins, and that row is answered instead.
     */
    public Template created(Template template) {
        Template stored = templates.findLive(template.name(), template.language()).orElse(null);
        if (stored != null) {
            return stored;
        }
        Template saved = templates.save(template);
        write(List.of(EventData.templateUpdated(saved.id(), saved.name(), saved.language(), saved.category(),
                saved.status(), null, "created", "api", null)));
        return saved;
    }

    /**
     * Templates the API deleted at Meta: soft-deleted (their name and language free again) with their
     * {@code template.updated} ({@code deleted}, source {@code api}), in the caller's transaction.
     */
    public List<Template> deleted(List<Template> deleted, java.time.Instant at) {
        List<Template> removed = deleted.stream().map(t -> new Template(t.id(), t.name(), t.language(), t.category(),
                t.status(), t.content(), t.components(), t.parameters(), t.bodyParameterCount(), t.whatsappTemplateId(),
                t.metadata(), t.createdAt(), t.updatedAt(), at)).toList();
        templates.updateAll(removed);
        write(removed.stream().map(t -> EventData.templateUpdated(t.id(), t.name(), t.language(), t.category(),
                t.status(), t.status(), "deleted", "api", null)).toList());
        return removed;
    }

    /**
     * The status (and the event itself, in metadata) Meta reported for a template, found by its
     * WhatsApp id or its name and language, and its event; in the caller's transaction. An event older
     * than the one the template holds changes nothing.
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
            return applied(statement, "status", eventJson);
        }
    }

    /**
     * A quality score ({@code change} {@code quality}: kept in metadata as {@code qualityEvent}) or category
     * ({@code category}: the column, and {@code categoryEvent}) Meta's webhook reported for a template, found as
     * for a status, with its {@code template.updated} (that change, source {@code webhook}); in the caller's
     * transaction. An event older than the one of its kind the template holds changes nothing.
     *
     * @param value the new score or category; a category null (one this schema does not take) changes only metadata
     * @return false when no live template is that one
     */
    public boolean applyWebhookChange(String change, @Nullable String whatsappTemplateId, String name, String language,
                                      @Nullable String value, String eventJson, long eventTime) throws SQLException {
        String key = switch (change) {
            case "quality" -> "qualityEvent";
            case "category" -> "categoryEvent";
            default -> throw new IllegalArgumentException("not a template change: " + change);
        };
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(WEBHOOK_CHANGE)) {
            statement.setString(1, whatsappTemplateId);
            statement.setString(2, whatsappTemplateId);
            statement.setString(3, name);
            statement.setString(4, language);
            statement.setString(5, change.equals("category") ? value : null);
            statement.setString(6, key);
            statement.setString(7, eventJson);
            statement.setString(8, key);
            statement.setLong(9, eventTime);
            return applied(statement, change, eventJson);
        }
    }

    /**
     * Runs a webhook change's statement (it answers: rows matched; then, when it changed the template, its id,
     * name, language, category, status and previous status) and writes that change's {@code template.updated}.
     *
     * @return false when no live template matched
     */
    private boolean applied(PreparedStatement statement, String change, String eventJson) throws SQLException {
        try (ResultSet result = statement.executeQuery()) {
            result.next();
            if (result.getInt(1) == 0) {
                return false;
            }
            if (result.getString(2) != null) {
                write(List.of(EventData.templateUpdated(result.getString(2), result.getString(3), result.getString(4),
                        result.getString(5), result.getString(6), result.getString(7), change, "webhook",
                        object(eventJson))));
            }
            return true;
        }
    }

    private static NewEvent syncEvent(Template template, @Nullable String previousStatus, String change) {
        return EventData.templateUpdated(template.id(), template.name(), template.language(), template.category(),
                template.status(), previousStatus, change, "sync", null);
    }

    private void write(List<NewEvent> events) {
        try {
            outbox.write(events);
        } catch (SQLException e) {
            throw new DataAccessException("Could not write the template events: " + e.getMessage(), e);
        }
    }

    private @Nullable Map<String, Object> object(String jsonText) {
        try {
            return json.readValue(jsonText, Argument.mapOf(String.class, Object.class));
        } catch (IOException | RuntimeException e) {
            // Made from JSON by the webhook's reader; should it not read back, the event still goes, without it.
            return null;
        }
    }
}
