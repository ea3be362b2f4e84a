package dev.wagateway.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;

/**
 * Each line {@link GatewayMetrics} writes is the line aws-embedded-metrics (AWS's own library for the format, here
 * at test scope only) writes for the same counts, the same namespace and dimensions, and the same time.
 */
class LibraryLineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant AT = Instant.parse("2026-12-03T13:10:00.123Z");

    @Test
    void theStageAlone() throws Exception {
        Map<String, Number> counts = new LinkedHashMap<>();
        counts.put("DeliveriesStored", 1);
        counts.put("MessagesStored", 0L);
        counts.put("StatusesStored", 3);
        assertSameLine(counts, null, null);
    }

    @Test
    void theStageAndOneMoreDimension() throws Exception {
        assertSameLine(Map.of("Sends", 1), "Outcome", "refused");
        assertSameLine(Map.of("Attempts", 12_345_678_901L, "Delivered", 2.5), "Result", "delivered");
    }

    @Test
    void textThatNeedsEscapingIsEscapedAsTheLibraryDoes() throws Exception {
        assertSameLine(Map.of("Sends", 1), "Outcome", "say \"hi\" \\ {ok}");
    }

    @Test
    void whatCloudWatchWouldRefuseIsNotWritten() {
        GatewayMetrics metrics = new GatewayMetrics("dev");
        assertNull(metrics.line(Map.of("Sends", Double.NaN), null, null));
        assertNull(metrics.line(Map.of("Stage", 1), null, null), "a metric may not shadow the Stage dimension");
        assertNull(metrics.line(Map.of("Sends", 1), "Outcome", ""));
        assertNull(metrics.line(Map.of("Sends", 1), "Outcome", "r\u00e9fus\u00e9"), "dimensions are printable ASCII");
        assertNull(metrics.line(Map.of("Sends", 1), ":Outcome", "sent"));
        assertNull(new GatewayMetrics(" ").line(Map.of("Sends", 1), null, null), "a blank stage");
        Map<String, Integer> tooMany = new LinkedHashMap<>();
        for (int i = 0; i <= GatewayMetrics.MAX_METRICS; i++) {
            tooMany.put("M" + i, i);
        }
        assertNull(metrics.line(tooMany, null, null));
    }

    private static void assertSameLine(Map<String, ? extends Number> counts, String dimension, String value) throws Exception {
        String ours = new GatewayMetrics("prod", Clock.fixed(AT, ZoneOffset.UTC)).line(counts, dimension, value);
        assertEquals(normalised(library(counts, dimension, value)), normalised(JSON.readTree(ours)), ours);
    }

    /** The library's line for the counts, as its Lambda sink would print it. */
    private static JsonNode library(Map<String, ? extends Number> counts, String dimension, String value) throws Exception {
        List<String> lines = new ArrayList<>();
        LambdaEnvironment environment = new LambdaEnvironment() {
            @Override
            public ISink getSink() {
                return new ISink() {
                    @Override
                    public void accept(MetricsContext context) {
                        try {
                            lines.addAll(context.serialize());
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public CompletableFuture<Void> shutdown() {
                        return CompletableFuture.completedFuture(null);
                    }
                };
            }
        };
        MetricsLogger logger = new MetricsLogger(environment);
        logger.setNamespace(GatewayMetrics.NAMESPACE);
        logger.setDimensions(dimension == null ? DimensionSet.of(GatewayMetrics.STAGE, "prod")
                : DimensionSet.of(GatewayMetrics.STAGE, "prod", dimension, value));
        logger.setTimestamp(AT);
        counts.forEach((name, count) -> logger.putMetric(name, count.doubleValue(), Unit.COUNT));
        logger.flush();
        assertEquals(1, lines.size(), lines.toString());
        return JSON.readTree(lines.get(0));
    }

    /** The metrics' declarations in name order: the library keeps them in a hash map, so its order is its own. */
    private static JsonNode normalised(JsonNode line) {
        ObjectNode copy = line.deepCopy();
        ArrayNode metrics = (ArrayNode) copy.path("_aws").path("CloudWatchMetrics").get(0).path("Metrics");
        List<JsonNode> sorted = new ArrayList<>();
        metrics.forEach(sorted::add);
        sorted.sort((a, b) -> a.path("Name").asText().compareTo(b.path("Name").asText()));
        metrics.removeAll();
        sorted.forEach(metrics::add);
        return copy;
    }
}
