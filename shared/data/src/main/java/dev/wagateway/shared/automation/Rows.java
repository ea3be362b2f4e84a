package dev.wagateway.shared.automation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;

/** JSON columns and times as the automation tables' readers and writers read and write them. */
final class Rows {

    private Rows() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(JsonMapper json, @Nullable String text) {
        if (text == null) {
            return Map.of();
        }
        try {
            Map<String, Object> value = json.readValue(text, Map.class);
            return value == null ? Map.of() : value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String json(JsonMapper json, Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static @Nullable Instant instant(ResultSet result, String column) throws SQLException {
        Timestamp at = result.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    static @Nullable Timestamp timestamp(@Nullable Instant at) {
        return at == null ? null : Timestamp.from(at);
    }

    static @Nullable Long nullableLong(ResultSet result, String column) throws SQLException {
        long value = result.getLong(column);
        return result.wasNull() ? null : value;
    }
}
