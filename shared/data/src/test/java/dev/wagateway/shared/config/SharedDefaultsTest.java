package dev.wagateway.shared.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.wagateway.devdb.TestDatabases;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SharedDefaultsTest {

    @Test
    void everyContextGetsTheLambdaSizedPoolAndAnythingMoreSpecificWins() {
        Map<String, Object> properties = new HashMap<>(TestDatabases.freshDatasourceProperties(getClass()));
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            HikariDataSource pool = hikari(context);
            assertEquals(2, pool.getMaximumPoolSize());
            assertTrue(pool.isAllowPoolSuspension(), "SnapStart needs a pool that can be suspended");
        }

        properties.put("datasources.default.maximum-pool-size", "7");
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            assertEquals(7, hikari(context).getMaximumPoolSize());
        }
    }

    /**
     * RDS Proxy pins a client to one database connection once it holds a named prepared statement, so the driver
     * must name none, however often a statement runs (the driver names one from its fifth run by default). Under
     * YAML the setting was read as a number, which the driver ignores, and it named them.
     */
    @Test
    void theDriverNamesNoPreparedStatementHoweverOftenOneRuns() throws Exception {
        try (ApplicationContext context = ApplicationContext.run(new HashMap<>(TestDatabases.freshDatasourceProperties(getClass())));
             Connection connection = hikari(context).getConnection()) {
            assertEquals(0, connection.unwrap(PGConnection.class).getPrepareThreshold());
            for (int run = 0; run < 10; run++) {
                try (PreparedStatement statement = connection.prepareStatement("SELECT message_status_rank(?)")) {
                    statement.setString(1, "sent");
                    statement.executeQuery().close();
                }
            }
            try (Statement statement = connection.createStatement();
                 ResultSet named = statement.executeQuery("SELECT count(*) FROM pg_prepared_statements")) {
                named.next();
                assertEquals(0, named.getInt(1), "named prepared statements on the connection");
            }
        }
    }

    private static HikariDataSource hikari(ApplicationContext context) {
        DataSource dataSource = context.getBean(DataSource.class);
        return (HikariDataSource) DelegatingDataSource.unwrapDataSource(dataSource);
    }
}
