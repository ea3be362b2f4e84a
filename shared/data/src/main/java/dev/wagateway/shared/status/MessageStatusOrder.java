package dev.wagateway.shared.status;

import io.micronaut.core.annotation.Nullable;

import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

/**
 * Which status a message shows when Meta reports several, in whatever order they arrive.
 *
 * <p>The rules (sent &lt; delivered &lt; read; failed is not overwritten by a late sent; a delivered
 * or read after failed wins, as multi-device users produce) are one total order:
 * {@code accepted < sent < failed < delivered < read}. A message takes a reported status only when
 * it ranks higher than the one it has, so the outcome does not depend on arrival order.
 * {@code received} (inbound) and statuses outside the order ({@code deleted}, {@code warning}, ...)
 * have no rank: they stay in the history and never change a message's status.
 */
public final class MessageStatusOrder {

    public static final String ACCEPTED = "accepted";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String DELIVERED = "delivered";
    public static final String READ = "read";

    private static final Map<String, Integer> RANKS = Map.of(ACCEPTED, 0, SENT, 1, FAILED, 2, DELIVERED, 3, READ, 4);

    /**
     * The rank of the column {@code column} as an SQL expression (NULL for a status without rank), so
     * statements compare statuses by the same order as {@link #supersedes}.
     */
    public static String rankSql(String column) {
        return RANKS.entrySet().stream()
                .sorted(Map.Entry.comparingByValue())
                .map(e -> "WHEN '" + e.getKey() + "' THEN " + e.getValue())
                .collect(Collectors.joining(" ", "(CASE " + column + " ", " END)"));
    }

    private MessageStatusOrder() {
    }

    public static OptionalInt rank(@Nullable String status) {
        Integer rank = status == null ? null : RANKS.get(status);
        return rank == null ? OptionalInt.empty() : OptionalInt.of(rank);
    }

    /** Whether a message whose status is {@code current} should show {@code reported} instead. */
    public static boolean supersedes(String reported, String current) {
        OptionalInt incoming = rank(reported);
        OptionalInt existing = rank(current);
        return incoming.isPresent() && existing.isPresent() && incoming.getAsInt() > existing.getAsInt();
    }
}
