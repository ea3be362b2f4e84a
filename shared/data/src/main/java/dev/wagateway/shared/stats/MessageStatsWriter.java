package dev.wagateway.shared.stats;

import dev.wagateway.shared.lock.AdvisoryLocks;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.sql.ResultSet;

/**
 * The one writer of {@code message_stats_hourly} and the one reader that empties {@code message_stats_changes}
 * (which the triggers on {@code messages} append to, V51): folds the oldest changes into the hourly counts, one
 * folder at a time, in one transaction (a change is either still there or counted, never both); the hourly counts'
 * triggers move the daily ones (V55) and rebuild the touched hours' groups (V57) in the same statement. Folded
 * every minute by the events sweep and, when many changes wait, by a stats request before it reads.
 */
@Singleton
public class MessageStatsWriter {

    private static final String TRY_LOCK = "SELECT pg_try_advisory_xact_lock(" + AdvisoryLocks.MESSAGE_STATS_FOLD + ")";
    private static final String FOLD = """
            WITH folded AS (
                DELETE FROM message_stats_changes
                WHERE id IN (SELECT id FROM message_stats_changes ORDER BY id LIMIT ?)
                RETURNING bucket, direction, status, type, template, error_code, category, delta),
            counted AS (
                SELECT d.dimension, f.bucket, f.direction, d.value, sum(f.delta) AS delta
                FROM folded AS f
                CROSS JOIN LATERAL (VALUES ('status', f.status), ('type', f.type), ('template', f.template),
                                           ('error_code', f.error_code), ('category', f.category)) AS d(dimension, value)
                GROUP BY 1, 2, 3, 4),
            stored AS (
                INSERT INTO message_stats_hourly AS h (dimension, bucket, direction, value, count)
                SELECT dimension, bucket, direction, value, delta FROM counted
                ON CONFLICT ON CONSTRAINT message_stats_hourly_key DO UPDATE SET count = h.count + EXCLUDED.count
                RETURNING 1)
            SELECT (SELECT count(*) FROM folded), (SELECT count(*) FROM stored)""";

    // An upper bound of the changes waiting, from the two ends of the primary key (two index probes, not a count).
    private static final String PENDING = "SELECT coalesce(max(id) - min(id) + 1, 0) FROM message_stats_changes";

    private final JdbcOperations jdbc;

    public MessageStatsWriter(JdbcOperations jdbc) {
        this.jdbc = jdbc;
    }

    /** At most how many changes wait to be folded (ids are never reused, so gaps only make it larger). */
    @Transactional(readOnly = true)
    public long pending() {
        return jdbc.prepareStatement(PENDING, statement -> {
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        });
    }

    /**
     * Folds batches of at most {@code limit} changes until none is left, or {@code rounds} batches were folded, or
     * another fold holds the lock.
     *
     * @return how many changes were folded
     */
    public long drain(int limit, int rounds) {
        long folded = 0;
        for (int round = 0; round < rounds; round++) {
            int batch = fold(limit);
            folded += batch;
            if (batch < limit) {
                break;
            }
        }
        return folded;
    }

    /**
     * Folds at most {@code limit} changes, oldest first; nothing when another fold holds the lock (its changes are
     * read as they are meanwhile).
     *
     * @return how many changes were folded
     */
    @Transactional
    public int fold(int limit) {
        return jdbc.prepareStatement(TRY_LOCK, lock -> {
            try (ResultSet locked = lock.executeQuery()) {
                if (!locked.next() || !locked.getBoolean(1)) {
                    return 0;
                }
            }
            return jdbc.prepareStatement(FOLD, fold -> {
                fold.setInt(1, limit);
                try (ResultSet result = fold.executeQuery()) {
                    result.next();
                    return result.getInt(1);
                }
            });
        });
    }
}
