package dev.wagateway.metrics;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * For the functions' tests too (this module's test jar): what an action prints on standard output in the embedded
 * metric format, each line as CloudWatch Logs would read it.
 */
public final class EmfLines {

    private EmfLines() {
    }

    /** The JSON lines with an _aws block that the action printed. */
    public static List<JsonNode> of(Runnable action) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(original);
        }
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String text : captured.toString(StandardCharsets.UTF_8).split("\n")) {
            if (text.startsWith("{") && text.contains("\"_aws\"")) {
                try {
                    lines.add(json.readTree(text));
                } catch (java.io.IOException e) {
                    throw new AssertionError("not JSON: " + text, e);
                }
            }
        }
        return lines;
    }

    /** The one line that carries the metric, failing unless exactly one does. */
    public static JsonNode withMetric(List<JsonNode> lines, String metric) {
        List<JsonNode> found = lines.stream().filter(line -> line.has(metric)).toList();
        if (found.size() != 1) {
            throw new AssertionError(found.size() + " lines carry " + metric + ": " + lines);
        }
        return found.get(0);
    }

    /** The dimension sets of the line, e.g. [["Stage","Outcome"]]. */
    public static String dimensions(JsonNode line) {
        return line.path("_aws").path("CloudWatchMetrics").get(0).path("Dimensions").toString();
    }

    /** The namespace of the line. */
    public static String namespace(JsonNode line) {
        return line.path("_aws").path("CloudWatchMetrics").get(0).path("Namespace").asText();
    }
}
