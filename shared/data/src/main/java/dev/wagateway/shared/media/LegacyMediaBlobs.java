package dev.wagateway.shared.media;

import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.util.Optional;

/**
 * Reads the blob ({@code data}) the legacy gateway kept inline in a {@code media} row: only the legacy media
 * move reads it (every other read of {@code media} leaves it out). The blob stays in the row after the move.
 */
@Singleton
public class LegacyMediaBlobs {

    private static final String READ = "SELECT data FROM media WHERE id = ? AND source = 'legacy'";

    private final JdbcOperations jdbc;

    public LegacyMediaBlobs(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** The row's blob; empty when it has none (the old gateway kept the file at its {@code storage_path}). */
    @Connectable
    public Optional<byte[]> read(long id) {
        return jdbc.prepareStatement(READ, statement -> {
            statement.setLong(1, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.ofNullable(result.getBytes(1)) : Optional.empty();
            }
        });
    }
}
