package dev.wagateway.shared.auth;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.snapstart.RolledBackRequests;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.ToIntFunction;

/**
 * The SnapStart priming's accepted requests ({@link RolledBackRequests}): a key with every scope is made inside one
 * write transaction, the requests run in it (the handler's filters and controllers join it: Micronaut carries the
 * transaction in the propagated context onto the threads they run on), and it is rolled back, key and all. The key
 * never exists outside that transaction, so no other connection can see or use it.
 */
@Singleton
class RolledBackKey implements RolledBackRequests {

    private static final String NAME = "snapstart-priming";

    private final TransactionOperations<Connection> transactions;
    private final ApiKeyService keys;

    RolledBackKey(TransactionOperations<Connection> transactions, ApiKeyService keys) {
        this.transactions = transactions;
        this.keys = keys;
    }

    @Override
    public List<Integer> answerRolledBack(List<String> setUp, List<APIGatewayV2HTTPEvent> requests,
                                          ToIntFunction<APIGatewayV2HTTPEvent> answer) {
        List<Integer> statuses = new ArrayList<>();
        try {
            transactions.executeWrite(status -> {
                String authorization = "Bearer " + keys.create(NAME, List.of(Scopes.ALL), Integer.MAX_VALUE, null).key();
                Connection connection = status.getConnection();
                setUp(connection, setUp);
                for (APIGatewayV2HTTPEvent request : requests) {
                    request.getHeaders().put("authorization", authorization);
                    statuses.add(inSavepoint(connection, () -> answer.applyAsInt(request)));
                }
                throw new RolledBack();
            });
        } catch (RolledBack expected) {
            // What was asked for: nothing of it is left.
        }
        return statuses;
    }

    /**
     * One request in a savepoint: kept for the next requests when it succeeded, undone when it did not (PostgreSQL
     * refuses every statement of a transaction after an error, until it is rolled back to before it).
     */
    private static int inSavepoint(Connection connection, IntSupplier request) {
        try {
            Savepoint savepoint = connection.setSavepoint();
            int status = request.getAsInt();
            if (status < 200 || status >= 400) {
                connection.rollback(savepoint);
            } else {
                connection.releaseSavepoint(savepoint);
            }
            return status;
        } catch (SQLException e) {
            throw new IllegalStateException("a priming savepoint failed", e);
        }
    }

    private static void setUp(Connection connection, List<String> statements) {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("a priming set-up statement failed", e);
        }
    }

    /** Thrown out of the transaction's callback: Micronaut rolls the transaction back and rethrows it. */
    private static final class RolledBack extends RuntimeException {
        RolledBack() {
            super("rolled back on purpose", null, false, false);
        }
    }
}
