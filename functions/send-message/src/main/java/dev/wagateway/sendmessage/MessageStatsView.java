package dev.wagateway.sendmessage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import dev.wagateway.shared.stats.MessageStats;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Message counts by period: every period of [{@code from}, {@code to}) in order (empty ones included, with
 * {@code total} 0), each with its counts by the {@code group_by} value. A message counts in the period it was
 * created in, under what it is now (a message sent Monday and read Tuesday counts as read, on Monday).
 *
 * @param direction inbound or outbound when the counts are of one direction only
 * @param total     the messages of the whole range
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record MessageStatsView(Instant from, Instant to, String granularity, String groupBy, @Nullable String direction,
                               long total, @JsonInclude(JsonInclude.Include.ALWAYS) List<Period> periods) {

    /** Every period of [{@code from}, {@code to}) in order, each with the counts of {@code counts} that fall in it. */
    public static MessageStatsView of(Instant from, Instant to, String granularity, String groupBy, @Nullable String direction,
                                      List<MessageStats.Count> counts) {
        ChronoUnit step = granularity.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        Map<Instant, List<Group>> byPeriod = new LinkedHashMap<>();
        for (Instant at = from; at.isBefore(to); at = at.plus(1, step)) {
            byPeriod.put(at, new ArrayList<>());
        }
        long total = 0;
        for (MessageStats.Count count : counts) {
            byPeriod.computeIfAbsent(count.periodStart(), at -> new ArrayList<>()).add(new Group(count.value(), count.count()));
            total += count.count();
        }
        List<Period> periods = new ArrayList<>(byPeriod.size());
        byPeriod.forEach((at, groups) -> periods.add(new Period(at, groups.stream().mapToLong(Group::count).sum(), groups)));
        return new MessageStatsView(from, to, granularity, groupBy, direction, total, periods);
    }

    /**
     * @param start  the period's first instant (UTC)
     * @param groups the counts by value; {@code value} null for messages without one (no template, no error code,
     *               no pricing category yet)
     */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Period(Instant start, long total, @JsonInclude(JsonInclude.Include.ALWAYS) List<Group> groups) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Group(@JsonInclude(JsonInclude.Include.ALWAYS) @Nullable String value, long count) {
    }
}
