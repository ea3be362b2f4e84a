package dev.wagateway.shared.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Message counts per hour or day (UTC) of the messages' creation, grouped by one of {@link #DIMENSIONS}, read
 * from the hourly counts (V51) and the changes not folded into them yet, in one statement (one snapshot: a change
 * is counted once, folded or not). Never scans {@code messages}.
 */
@Singleton
public class MessageStats {

    /** What a count can be grouped by, and the column of {@code message_stats_changes} that holds it. */
    public static final Map<String, String> DIMENSIONS = Map.of("status", "status", "type", "type", "template", "template",
            "error_code", "error_code", "category", "category");
    public static final List<String> GRANULARITIES = List.of("hour", "day");

    private static final String COUNT = """
            SELECT date_trunc(?, s.bucket, 'UTC') AS period, s.value, sum(s.n) AS n
            FROM (SELECT bucket, value, count AS n FROM message_stats_hourly
                  WHERE dimension = ? AND bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR direction = ?)
                  UNION ALL
                  SELECT bucket, %s, delta FROM message_stats_changes
                  WHERE bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR direction = ?)) AS s
            GROUP BY 1, 2
            HAVING sum(s.n) <> 0
            ORDER BY 1, 2 NULLS LAST""";

    /** One group of one period: {@code value} null for messages without one (no template, no error). */
    public record Count(Instant periodStart, @Nullable String value, long count) {
    }

    private final JdbcOperations jdbc;

    public MessageStats(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The counts of messages created in [{@code from}, {@code to}) (whole hours), by period and value, in order.
     *
     * @param direction inbound, outbound, or null for both
     */
    @Transactional(readOnly = true)
    public List<Count> count(String dimension, String granularity, Instant from, Instant to, @Nullable String direction) {
        String column = DIMENSIONS.get(dimension);
        if (column == null || !GRANULARITIES.contains(granularity)) {
            throw new IllegalArgumentException("no such dimension or granularity: " + dimension + ", " + granularity);
        }
        return jdbc.prepareStatement(COUNT.formatted(column), statement -> {
            statement.setString(1, granularity);
            statement.setString(2, dimension);
            statement.setTimestamp(3, Timestamp.from(from));
            statement.setTimestamp(4, Timestamp.from(to));
            statement.setString(5, direction);
            statement.setString(6, direction);
            statement.setTimestamp(7, Timestamp.from(from));
            statement.setTimestamp(8, Timestamp.from(to));
            statement.setString(9, direction);
            statement.setString(10, direction);
            List<Count> counts = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    counts.add(new Count(result.getTimestamp(1).toInstant(), result.getString(2), result.getLong(3)));
                }
            }
            return counts;
        });
    }
}
