package dev.wagateway.shared.whatsapp;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GraphConfigurationTest {

    @Test
    void theDefaultsComeFromTheModulesDefaultsFileAndTheEnvironmentWins() {
        try (ApplicationContext context = ApplicationContext.run()) {
            GraphConfiguration graph = context.getBean(GraphConfiguration.class);
            assertEquals("https://graph.facebook.com/v26.0", graph.baseUrl());
            assertEquals(3, graph.maxAttempts());
            assertEquals(Duration.ofMillis(200), graph.initialBackoff());
            assertEquals(Duration.ofSeconds(2), graph.maxBackoff());
            assertEquals(Duration.ofSeconds(10), graph.retryBudget());
        }
        try (ApplicationContext context = ApplicationContext.run(Map.of("whatsapp.graph.max-attempts", "5"))) {
            assertEquals(5, context.getBean(GraphConfiguration.class).maxAttempts());
        }
    }

    @Test
    void aValueOutsideItsRangeStopsTheStartNamingTheSetting() {
        try (ApplicationContext context = ApplicationContext.run(Map.of("whatsapp.graph.max-attempts", "0"))) {
            RuntimeException refused = assertThrows(RuntimeException.class, () -> context.getBean(GraphConfiguration.class));
            assertTrue(refused.getMessage().contains("maxAttempts"), refused.getMessage());
        }
    }
}
