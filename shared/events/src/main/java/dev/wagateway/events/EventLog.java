package dev.wagateway.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the outbox: one event, or a page of them in the order they became visible. */
@Singleton
public class EventLog {

    private static final String COLUMNS = "id, type, created_at, phone_number_id, conversation, sequence, data::text";

    private static final String FIND = "SELECT " + COLUMNS + " FROM events WHERE id = ?";

    private static final String EXISTS = "SELECT 1 FROM events WHERE id = ?";

    // Only events whose writing transaction is older than every transaction still running: any event
    // that becomes visible later sorts after these, so paging by (xact, id) never skips one.
    private static final String LIST = "SELECT " + COLUMNS + " FROM events"
            + " WHERE xact < pg_snapshot_xmin(pg_current_snapshot())"
            + " AND (CAST(? AS text) IS NULL OR type = ?)"
            + " AND (CAST(? AS text) IS NULL OR (xact, id) > (SELECT xact, id FROM events WHERE id = ?))"
            + " ORDER BY xact, id LIMIT ?";

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    public EventLog(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    @Connectable
    public Optional<Event> find(String id) {
        return jdbc.prepareStatement(FIND, statement -> {
            statement.setString(1, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(read(result)) : Optional.empty();
            }
        });
    }

    @Connectable
    public boolean exists(String id) {
        return jdbc.prepareStatement(EXISTS, statement -> {
            statement.setString(1, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        });
    }

    /**
     * Events after {@code afterId} (an event id; null: from the oldest kept), optionally of one type.
     * The caller checks that {@code afterId} exists: an unknown one lists nothing.
     */
    @Connectable
    public List<Event> list(@Nullable String type, @Nullable String afterId, int limit) {
        return jdbc.prepareStatement(LIST, statement -> {
            statement.setString(1, type);
            statement.setString(2, type);
            statement.setString(3, afterId);
            statement.setString(4, afterId);
            statement.setInt(5, limit);
            return readAll(statement);
        });
    }

    private List<Event> readAll(PreparedStatement statement) throws SQLException {
        List<Event> events = new ArrayList<>();
        try (ResultSet result = statement.executeQuery()) {
            while (result.next()) {
                events.add(read(result));
            }
        }
        return events;
    }

    @SuppressWarnings("unchecked")
    private Event read(ResultSet result) throws SQLException {
        long sequence = result.getLong(6);
        Long maybeSequence = result.wasNull() ? null : sequence;
        Map<String, Object> data;
        try {
            data = json.readValue(result.getString(7), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Event(result.getString(1), result.getString(2), result.getTimestamp(3).toInstant(), result.getString(4),
                result.getString(5), maybeSequence, data);
    }
}
