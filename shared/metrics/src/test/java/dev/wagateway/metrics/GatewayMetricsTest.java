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

    /** The template's line is the one aws-embedded-metrics writes for the same counts, but for the timestamp. */
    @Test
    void theLineIsTheLibrarysLine() {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("DeliveriesStored", 1L);
        counts.put("StatusesStored", 0L);
        for (String dimension : new String[] {null, "Outcome"}) {
            JsonNode ours = EmfLines.of(() -> {
                GatewayMetrics metrics = new GatewayMetrics("prod \"x\"");
                if (dimension == null) {
                    metrics.count(counts);
                } else {
                    metrics.count(counts, dimension, "sent");
                }
            }).get(0);
            JsonNode library = EmfLines.of(() -> {
                software.amazon.cloudwatchlogs.emf.logger.MetricsLogger logger = new software.amazon.cloudwatchlogs.emf.logger.MetricsLogger(
                        new software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment());
                logger.setNamespace(GatewayMetrics.NAMESPACE);
                logger.setDimensions(dimension == null
                        ? software.amazon.cloudwatchlogs.emf.model.DimensionSet.of(GatewayMetrics.STAGE, "prod \"x\"")
                        : software.amazon.cloudwatchlogs.emf.model.DimensionSet.of(GatewayMetrics.STAGE, "prod \"x\"", dimension, "sent"));
                counts.forEach((name, value) -> logger.putMetric(name, value, software.amazon.cloudwatchlogs.emf.model.Unit.COUNT));
                logger.flush();
            }).get(0);
            for (JsonNode line : List.of(ours, library)) {
                com.fasterxml.jackson.databind.node.ObjectNode aws = (com.fasterxml.jackson.databind.node.ObjectNode) line.get("_aws");
                aws.remove("Timestamp");
                // The library lists the metrics in a hash map's order: the order of the list means nothing to CloudWatch.
                com.fasterxml.jackson.databind.node.ObjectNode directive = (com.fasterxml.jackson.databind.node.ObjectNode) aws
                        .get("CloudWatchMetrics").get(0);
                directive.put("Metrics", sortedMetrics(directive));
            }
            assertEquals(library, ours);
        }
    }

    @Test
    void aTimestampInMilliseconds() {
        long before = System.currentTimeMillis();
        JsonNode line = EmfLines.of(() -> new GatewayMetrics("dev").count(Map.of("Sends", 1))).get(0);
        long at = line.path("_aws").path("Timestamp").asLong();
        assertEquals(true, at >= before && at <= System.currentTimeMillis(), "timestamp " + at);
    }

    @Test
    void nothingToCountWritesNothing() {
        assertEquals(List.of(), EmfLines.of(() -> new GatewayMetrics("dev").count(Map.of())));
    }

    private static String sortedMetrics(JsonNode directive) {
        List<String> metrics = new java.util.ArrayList<>();
        directive.path("Metrics").forEach(metric -> metrics.add(metric.toString()));
        java.util.Collections.sort(metrics);
        return "[" + String.join(",", metrics) + "]";
    }
}
