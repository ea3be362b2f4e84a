package dev.wagateway.sendmessage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;

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
