package dev.wagateway.webhooks;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import dev.wagateway.shared.snapstart.HandlerPriming;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.test.CheckpointSimulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * SnapStart, as micronaut-crac's simulator runs the CRaC resources (before the checkpoint in descending order,
 * after the restore in ascending order): priming answers the function's own requests through its handler and
 * writes nothing; the pool is then suspended and empty; after the restore the next request answers, on a new
 * connection. A pool that never resumes must fail the test, not hang the build: the whole test has a limit, run on
 * its own thread so that even a call that ignores interrupts cannot hold it.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SnapStartTest {

    @Test
    void primesThenSuspendsAndEmptiesThePoolAndAnswersOnANewConnectionAfterTheRestore() throws Exception {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Sql sql = new Sql(database);
        try (ApplicationContext context = ApplicationContext.builder().environments("test")
                .properties(Map.copyOf(database.datasourceProperties())).start()) {
            ApiGatewayHandler handler = new ApiGatewayHandler(context);
            String key = "Bearer " + context.getBean(ApiKeyService.class)
                    .create("snapstart", List.of(Scopes.WEBHOOKS_MANAGE, Scopes.EVENTS_READ), 100_000, null).key();
            // The pool itself (the bean is Micronaut's transaction-aware proxy).
            HikariDataSource dataSource = context.getBean(DataSource.class).unwrap(HikariDataSource.class);
            HikariPoolMXBean pool = dataSource.getHikariPoolMXBean();
            int backendBefore = backendPid(dataSource);

            CheckpointSimulator simulator = context.getBean(CheckpointSimulator.class);
            sql.assertUnchangedBy("priming", simulator::runBeforeCheckpoint);

            // Each of the subscription and event routes was answered through the handler (refused for the unknown key, after its lookup), nothing written.
            HandlerPriming priming = context.getBean(HandlerPriming.class);
            assertEquals(List.of(401, 401, 401, 401, 401), priming.lastStatuses());
            assertEquals(List.of(201, 200, 200, 200, 200, 200, 202, 200, 404, 204, 400), priming.lastAcceptedStatuses(),
                "the accepted requests, rolled back");
            // Suspended and empty: no connection is open, and one asked for now waits for the restore.
            assertEquals(0, pool.getTotalConnections(), "connections left open in the snapshot");
            assertEquals(0, pool.getIdleConnections());
            CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> backendPid(dataSource));
            assertThrows(TimeoutException.class, () -> waiting.get(500, TimeUnit.MILLISECONDS), "the pool is not suspended");

            simulator.runAfterRestore();

            int backendAfter = waiting.get(10, TimeUnit.SECONDS);
            assertNotEquals(backendBefore, backendAfter, "a connection from before the snapshot was reused");
            APIGatewayV2HTTPResponse answer = handler.handleRequest(LambdaEvents.event("GET", "/v1/webhooks/wh_01J00000000000000000000000", "",
                    null, Map.of("authorization", key)), LambdaEvents.context());
            assertEquals(404, answer.getStatusCode(), answer.getBody());
            assertFalse(activeBackends(sql).contains(String.valueOf(backendBefore)), "the old connection is still open");
        }
    }

    private static int backendPid(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT pg_backend_pid()")) {
            result.next();
            return result.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String activeBackends(Sql sql) {
        return sql.queryValue("SELECT coalesce(string_agg(pid::text, ','), '') FROM pg_stat_activity WHERE datname = current_database()");
    }
}
