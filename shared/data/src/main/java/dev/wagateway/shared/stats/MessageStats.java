package dev.wagateway.shared.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Message counts per hour or day (UTC) of the messages' creation, grouped by one of {@link #DIMENSIONS}, read
 * from the hourly (V51) or daily (V55) counts and the changes not folded into them yet, in one statement (one
 * snapshot: a change is counted once, folded or not). Never scans {@code messages}.
 */
@Singleton
public class MessageStats {

    /** What a count can be grouped by, and the column of {@code message_stats_changes} that holds it. */
    public static final Map<String, String> DIMENSIONS = Map.of("status", "status", "type", "type", "template", "template",
            "error_code", "error_code", "category", "category");
    public static final List<String> GRANULARITIES = List.of("hour", "day");

    // By hour: the hourly counts as they are; by day: the daily counts (V55), 24 times fewer rows; either way with the
    // changes not folded yet. Rows come as stored (an index range, no sort) and are summed here: for a month by hour by
    // template (~30,000 groups) that is cheaper than PostgreSQL's hash aggregate and sort of them (docs/benchmarks.md).
    // Periods as epoch seconds: a number to read, not a timestamp to parse.
    private static final String ROWS = """
            SELECT CAST(extract(epoch FROM bucket) AS bigint), value, count FROM %1$s
            WHERE dimension = ? AND bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR direction = ?)
            UNION ALL
            SELECT CAST(extract(epoch FROM %2$s) AS bigint), %3$s, delta FROM message_stats_changes
            WHERE bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR direction = ?)""";
    private static final String HOURLY = ROWS.formatted("message_stats_hourly", "bucket", "%1$s");
    private static final String DAILY = ROWS.formatted("message_stats_daily", "date_trunc('day', bucket, 'UTC')", "%1$s");
    private static final Comparator<String> VALUES = Comparator.nullsLast(Comparator.naturalOrder());

    /** One group of one period: {@code value} null for messages without one (no template, no error). */
    public record Count(Instant periodStart, @Nullable String value, long count) {
    }

    private final JdbcOperations jdbc;

    public MessageStats(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The counts of messages created in [{@code from}, {@code to}) (whole hours by hour, UTC midnights by day), by
     * period and value, in order (values as Java orders strings, no value last), groups that sum to 0 left out.
     *
     * @param direction inbound, outbound, or null for both
     */
    @Transactional(readOnly = true)
    public List<Count> count(String dimension, String granularity, Instant from, Instant to, @Nullable String direction) {
        String column = DIMENSIONS.get(dimension);
        if (column == null || !GRANULARITIES.contains(granularity)) {
            throw new IllegalArgumentException("no such dimension or granularity: " + dimension + ", " + granularity);
        }
        ChronoUnit unit = granularity.equals("day") ? ChronoUnit.DAYS : ChronoUnit.HOURS;
        if (!from.truncatedTo(unit).equals(from) || !to.truncatedTo(unit).equals(to)) {
            // A day's count cannot be cut: the range is whole periods.
            throw new IllegalArgumentException("not whole " + granularity + "s: " + from + ", " + to);
        }
        String sql = (granularity.equals("day") ? DAILY : HOURLY).formatted(column);
        return jdbc.prepareStatement(sql, statement -> {
            statement.setString(1, dimension);
            statement.setTimestamp(2, Timestamp.from(from));
            statement.setTimestamp(3, Timestamp.from(to));
            statement.setString(4, direction);
            statement.setString(5, direction);
            statement.setTimestamp(6, Timestamp.from(from));
            statement.setTimestamp(7, Timestamp.from(to));
            statement.setString(8, direction);
            statement.setString(9, direction);
            TreeMap<Long, TreeMap<String, long[]>> byPeriod = new TreeMap<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    byPeriod.computeIfAbsent(result.getLong(1), period -> new TreeMap<>(VALUES))
                            .computeIfAbsent(result.getString(2), value -> new long[1])[0] += result.getLong(3);
                }
            }
            List<Count> counts = new ArrayList<>();
            byPeriod.forEach((period, values) -> {
                Instant start = Instant.ofEpochSecond(period);
                values.forEach((value, n) -> {
                    if (n[0] != 0) {
                        counts.add(new Count(start, value, n[0]));
                    }
                });
            });
            return counts;
        });
    }
}
