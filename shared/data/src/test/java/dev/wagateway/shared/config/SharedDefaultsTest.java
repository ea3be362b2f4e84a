package dev.wagateway.shared.config;

import com.zaxxer.hikari.HikariDataSource;
import dev.wagateway.devdb.TestDatabases;
import io.micronaut.context.ApplicationContext;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
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

    private static HikariDataSource hikari(ApplicationContext context) {
        DataSource dataSource = context.getBean(DataSource.class);
        return (HikariDataSource) DelegatingDataSource.unwrapDataSource(dataSource);
    }
}
