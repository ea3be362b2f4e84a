package dev.wagateway.shared.problem;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;

import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tells a database that cannot be reached (stopped, restarting, refusing connections, out of
 * connections) from a request that went wrong, and answers it the same way on every route: 503
 * {@code service-unavailable} with {@code Retry-After}, since the same request may well succeed shortly.
 */
public final class DatabaseOutage {

    /** Seconds a caller should wait before trying again. */
    public static final String RETRY_AFTER_SECONDS = "5";

    // 57P01-57P03: the server is shutting down or starting; 53300: too many connections.
    private static final Set<String> UNAVAILABLE_STATES = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseOutage() {
    }

    /** The first cause that says the database could not be reached, or null when none does. */
    public static @Nullable Throwable cause(@Nullable Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLNonTransientConnectionException
                    || cause instanceof ConnectException) {
                return cause;
            }
            if (cause instanceof SQLException sql && sql.getSQLState() != null
                    && (sql.getSQLState().startsWith("08") || UNAVAILABLE_STATES.contains(sql.getSQLState()))) {
                return cause;
            }
        }
        return null;
    }

    /** One line for the log: what failed, without a stack trace (the cause's message names no secret). */
    public static String describe(Throwable cause) {
        String state = cause instanceof SQLException sql && sql.getSQLState() != null ? " (SQLState " + sql.getSQLState() + ")" : "";
        return cause.getClass().getSimpleName() + state + ": " + cause.getMessage();
    }

    /** The answer: 503 with Retry-After; the detail says nothing of the database's whereabouts. */
    public static ProblemException problem(String detail) {
        return new ProblemException(ProblemType.SERVICE_UNAVAILABLE, detail, List.of(),
                Map.of(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS));
    }
}
