package dev.wagateway.sendmessage;

import dev.wagateway.shared.auth.RequiresScope;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.problem.Problem;
import dev.wagateway.shared.problem.ProblemDocs;
import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import dev.wagateway.shared.stats.MessageStats;
import dev.wagateway.shared.stats.MessageStatsWriter;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

@Controller("/v1/stats/messages")
@ExecuteOn(TaskExecutors.BLOCKING)
class MessageStatsController {

    static final Duration MAX_HOURLY_RANGE = Duration.ofDays(31);
    static final Duration MAX_DAILY_RANGE = Duration.ofDays(366);
    // The events sweep folds every minute; a request folds first only when more changes wait than a read should step
    // over (the schedule behind or not running), in one short transaction. Below that they are read as they are.
    static final long FOLD_ABOVE = 10_000;
    private static final int FOLD_LIMIT = 100_000;
    private static final Set<String> DIRECTIONS = Set.of("inbound", "outbound");

    private final MessageStats stats;
    private final MessageStatsWriter folds;

    MessageStatsController(MessageStats stats, MessageStatsWriter folds) {
        this.stats = stats;
        this.folds = folds;
    }

    /**
     * Message counts per hour or day (UTC) of their creation, grouped by {@code status}, {@code type},
     * {@code template}, {@code error_code} or {@code category} (Meta's pricing category), from hourly and daily counts
     * the database keeps and the changes not counted yet (never a scan of the messages; always exact). Scope
     * {@code messages:read}. {@code from} and {@code to} are whole hours ({@code hour}) or UTC midnights ({@code day}; a date such as {@code 2026-01-01} is its midnight);
     * {@code to} is exclusive; at most 31 days by hour, 366 by day. 400 {@code validation-failed} names each wrong
     * parameter.
     *
     * @param from        the first instant counted, such as {@code 2026-01-01T00:00:00Z} or {@code 2026-01-01}
     * @param to          the instant after the last one counted
     * @param granularity hour or day
     * @param groupBy     status, type, template, error_code or category
     * @param direction   inbound or outbound; both when absent
     * @return the counts
     */
    @Get
    @RequiresScope(Scopes.MESSAGES_READ)
    @ProblemDocs.BadRequest
    MessageStatsView messageStats(@QueryValue @Nullable String from, @QueryValue @Nullable String to,
                                  @QueryValue(defaultValue = "day") @Schema(allowableValues = {"hour", "day"}) String granularity,
                                  @QueryValue(value = "group_by", defaultValue = "status")
                                  @Schema(allowableValues = {"status", "type", "template", "error_code", "category"}) String groupBy,
                                  @QueryValue @Nullable @Schema(allowableValues = {"inbound", "outbound"}) String direction) {
        List<Problem.FieldError> errors = new ArrayList<>();
        String unit = granularity.strip().toLowerCase(Locale.ROOT);
        if (!MessageStats.GRANULARITIES.contains(unit)) {
            errors.add(new Problem.FieldError("granularity", "must be one of " + MessageStats.GRANULARITIES));
        }
        String dimension = groupBy.strip().toLowerCase(Locale.ROOT);
        if (!MessageStats.DIMENSIONS.containsKey(dimension)) {
            errors.add(new Problem.FieldError("group_by", "must be one of " + new TreeSet<>(MessageStats.DIMENSIONS.keySet())));
        }
        String only = direction == null || direction.isBlank() ? null : direction.strip().toLowerCase(Locale.ROOT);
        if (only != null && !DIRECTIONS.contains(only)) {
            errors.add(new Problem.FieldError("direction", "must be one of " + new TreeSet<>(DIRECTIONS)));
        }
        ChronoUnit step = unit.equals("hour") ? ChronoUnit.HOURS : ChronoUnit.DAYS;
        Instant start = instant("from", from, step, errors);
        Instant end = instant("to", to, step, errors);
        if (start != null && end != null && MessageStats.GRANULARITIES.contains(unit)) {
            Duration max = step == ChronoUnit.HOURS ? MAX_HOURLY_RANGE : MAX_DAILY_RANGE;
            if (!end.isAfter(start)) {
                errors.add(new Problem.FieldError("to", "must be after from"));
            } else if (Duration.between(start, end).compareTo(max) > 0) {
                errors.add(new Problem.FieldError("to", "must be at most " + max.toDays() + " days after from by " + unit));
            }
        }
        if (!errors.isEmpty()) {
            throw new ProblemException(ProblemType.VALIDATION_FAILED, errors.stream().map(e -> e.field() + ": " + e.message())
                    .reduce((a, b) -> a + "; " + b).orElseThrow(), errors, Map.of());
        }
        if (folds.pending() > FOLD_ABOVE) {
            folds.fold(FOLD_LIMIT);
        }
        return MessageStatsView.of(start, end, unit, dimension, only, stats.count(dimension, unit, start, end, only));
    }

    /** A whole hour or UTC midnight; a plain date is its midnight. */
    private static @Nullable Instant instant(String field, @Nullable String value, ChronoUnit step,
                                             List<Problem.FieldError> errors) {
        if (value == null || value.isBlank()) {
            errors.add(new Problem.FieldError(field, "is required (such as 2026-01-01T00:00:00Z or 2026-01-01)"));
            return null;
        }
        Instant instant;
        try {
            String text = value.strip();
            instant = text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            errors.add(new Problem.FieldError(field, "must be an ISO-8601 time such as 2026-01-01T00:00:00Z, or a date"));
            return null;
        }
        if (!instant.truncatedTo(step).equals(instant)) {
            errors.add(new Problem.FieldError(field, step == ChronoUnit.HOURS ? "must be a whole hour (the counts are hourly)"
                    : "must be a UTC midnight by day"));
            return null;
        }
        if (instant.isBefore(Instant.parse("2000-01-01T00:00:00Z")) || instant.isAfter(Instant.parse("2100-01-01T00:00:00Z"))) {
            errors.add(new Problem.FieldError(field, "must be between 2000 and 2100"));
            return null;
        }
        return instant;
    }
}
