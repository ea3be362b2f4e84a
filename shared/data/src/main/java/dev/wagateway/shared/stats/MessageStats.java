package dev.wagateway.shared.stats;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.Array;
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
 * from the hourly counts gathered by hour (V57) or the daily counts (V55) and the changes not folded into them
 * yet, in one statement (one snapshot: a change is counted once, folded or not). Never scans {@code messages}.
 */
@Singleton
public class MessageStats {

    /** What a count can be grouped by, and the column of {@code message_stats_changes} that holds it. */
    public static final Map<String, String> DIMENSIONS = Map.of("status", "status", "type", "type", "template", "template",
            "error_code", "error_code", "category", "category");
    public static final List<String> GRANULARITIES = List.of("hour", "day");

    // By day: the daily counts (V55), 24 times fewer rows than the hourly ones; with the changes not folded yet. Rows
    // come as stored (an index range, no sort) and are summed here, cheaper than PostgreSQL's hash aggregate and sort.
    // Periods as epoch seconds: a number to read, not a timestamp to parse.
    private static final String DAILY = """
            SELECT CAST(extract(epoch FROM bucket) AS bigint), value, count FROM message_stats_daily
            WHERE dimension = ? AND bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR direction = ?)
            UNION ALL
            SELECT CAST(extract(epoch FROM date_trunc('day', bucket, 'UTC')) AS bigint), %1$s, delta FROM message_stats_changes
            WHERE bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR direction = ?)""";
    // By hour: one row per hour and direction with all its groups in two arrays (V57), so a month is at most 744 x 2
    // rows whatever the number of values (a month by template was ~60,000 hourly rows); the changes not folded yet as
    // arrays of one.
    private static final String HOURLY = """
            SELECT CAST(extract(epoch FROM bucket) AS bigint), "values", counts FROM message_stats_hour_groups
            WHERE dimension = ? AND bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR direction = ?)
            UNION ALL
            SELECT CAST(extract(epoch FROM bucket) AS bigint), ARRAY[%1$s], ARRAY[delta] FROM message_stats_changes
            WHERE bucket >= ? AND bucket < ? AND (CAST(? AS text) IS NULL OR direction = ?)""";
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
        boolean hourly = granularity.equals("hour");
        String sql = (hourly ? HOURLY : DAILY).formatted(column);
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
                    TreeMap<String, long[]> values = byPeriod.computeIfAbsent(result.getLong(1), period -> new TreeMap<>(VALUES));
                    if (hourly) {
                        Array names = result.getArray(2);
                        Array numbers = result.getArray(3);
                        String[] value = (String[]) names.getArray();
                        Long[] count = (Long[]) numbers.getArray();
                        for (int i = 0; i < value.length; i++) {
                            values.computeIfAbsent(value[i], v -> new long[1])[0] += count[i];
                        }
                        names.free();
                        numbers.free();
                    } else {
                        values.computeIfAbsent(result.getString(2), value -> new long[1])[0] += result.getLong(3);
                    }
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
