package dev.wagateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/** The line CloudWatch Logs reads: the embedded metric format's _aws block, the dimensions, the values. */
class GatewayMetricsTest {

    @Test
    void aCountIsOneEmfLineInTheNamespaceByStage() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("DeliveriesStored", 1L);
        counts.put("MessagesStored", 3L);
        List<JsonNode> lines = EmfLines.of(() -> new GatewayMetrics("dev").count(counts));
        assertEquals(1, lines.size());
        JsonNode line = lines.get(0);
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("WaGateway", directive.path("Namespace").asText());
        assertEquals("[[\"Stage\"]]", directive.path("Dimensions").toString(), "the stage only, no default dimensions");
        assertEquals("[{\"Name\":\"DeliveriesStored\",\"Unit\":\"Count\"},{\"Name\":\"MessagesStored\",\"Unit\":\"Count\"}]",
                sortedMetrics(directive));
        assertEquals("dev", line.path("Stage").asText());
        assertEquals(1.0, line.path("DeliveriesStored").asDouble());
        assertEquals(3.0, line.path("MessagesStored").asDouble());
        assertFalse(line.path("_aws").path("Timestamp").isMissingNode());
    }

    @Test
    void aSecondDimensionSplitsTheSeries() {
        List<JsonNode> lines = EmfLines.of(() -> new GatewayMetrics("prod").count(Map.of("Sends", 1), "Outcome", "refused"));
        JsonNode line = lines.get(0);
        assertEquals("[[\"Stage\",\"Outcome\"]]",
                line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString());
        assertEquals("prod", line.path("Stage").asText());
        assertEquals("refused", line.path("Outcome").asText());
        assertEquals(1.0, line.path("Sends").asDouble());
    }

    @Test
    void nothingToCountWritesNothing() {
        assertEquals(List.of(), EmfLines.of(() -> new GatewayMetrics("dev").count(Map.of())));
    }

    @Test
    void primingSerialisesTheLineAndWritesNothing() {
        GatewayMetrics metrics = new GatewayMetrics("dev");
        int[] serialised = new int[1];
        assertEquals(List.of(), EmfLines.of(() -> serialised[0] = metrics.primeWithoutWriting(Map.of("DeliveriesStored", 1))));
        assertEquals(1, serialised[0], "the line was serialised (and dropped)");
        // The real sink is untouched by it.
        assertEquals(1, EmfLines.of(() -> metrics.count(Map.of("DeliveriesStored", 1))).size());
    }

    private static String sortedMetrics(JsonNode directive) {
        List<String> metrics = new java.util.ArrayList<>();
        directive.path("Metrics").forEach(metric -> metrics.add(metric.toString()));
        java.util.Collections.sort(metrics);
        return "[" + String.join(",", metrics) + "]";
    }
}
