package dev.wagateway.metrics;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.wagateway.shared.snapstart.PrimingScope;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts as CloudWatch metrics in the embedded metric format: one JSON line on standard output per call, which
 * CloudWatch Logs turns into metrics in the namespace {@value #NAMESPACE} with the dimension {@value #STAGE} (and at
 * most one more). No network call and no permission beyond the function's log group. Never throws: a count lost is
 * better than a request failed for it.
 *
 * <p>The line is written with jackson-core's streaming generator (already in every function for Micronaut's serde),
 * not with aws-embedded-metrics: that library serialises through jackson-databind, which it brings into the jar with
 * the JSR-310 module and commons-lang3 (2.5 MB of the receive-webhook and send-message jars, issue 18's 15 MB), and
 * a cold JVM's first count loaded and initialised all of it: measured side by side on 2026-12-03, the first request
 * of a fresh receive-webhook JVM 653 -> 380 ms, of send-message 950 -> 640 ms (p50, docs/benchmarks.md). Warm, the
 * library's line costs a few microseconds, so speed once warm was never the reason. Each line is checked against
 * the library's own output for the same counts in this module's tests (LibraryLineTest).
 */
@Singleton
public class GatewayMetrics {

    public static final String NAMESPACE = "WaGateway";
    public static final String STAGE = "Stage";

    /** The format's limit of metrics per directive. */
    static final int MAX_METRICS = 100;

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);
    private static final JsonFactory JSON = new JsonFactory();

    private final String stage;
    private final Clock clock;

    @Inject
    public GatewayMetrics(StageSettings settings) {
        this(settings.stage());
    }

    /** @param stage the Stage dimension of every count */
    public GatewayMetrics(String stage) {
        this(stage, Clock.systemUTC());
    }

    GatewayMetrics(String stage, Clock clock) {
        this.stage = stage;
        this.clock = clock;
    }

    /** The counts, with the stage as their only dimension. */
    public void count(Map<String, ? extends Number> counts) {
        write(counts, null, null);
    }

    /** The counts, by the stage and one more dimension (for example Outcome=sent). */
    public void count(Map<String, ? extends Number> counts, String dimension, String value) {
        write(counts, dimension, value);
    }

    /**
     * The same work as {@link #count(Map)} (the line built and serialised) with the line dropped instead of written:
     * for the SnapStart priming, before the snapshot. Returns how many lines were serialised (and dropped).
     */
    public int primeWithoutWriting(Map<String, ? extends Number> counts) {
        return line(counts, null, null) == null ? 0 : 1;
    }

    private void write(Map<String, ? extends Number> counts, String dimension, String value) {
        String line = line(counts, dimension, value);
        // A SnapStart priming request (rolled back, answered by a loopback "Meta") must not count as a real one.
        if (line != null && PrimingScope.current().isEmpty()) {
            System.out.println(line);
        }
    }

    /** The line, or null when there is nothing to count or it cannot be written (logged). */
    String line(Map<String, ? extends Number> counts, String dimension, String value) {
        if (counts.isEmpty()) {
            return null;
        }
        try {
            return serialise(counts, dimension, value);
        } catch (RuntimeException e) {
            LOG.warn("Metrics {} not written: {}", counts.keySet(), e.toString());
            return null;
        }
    }

    private String serialise(Map<String, ? extends Number> counts, String dimension, String value) {
        check(counts, dimension, value);
        StringWriter text = new StringWriter(160 + 48 * counts.size());
        try (JsonGenerator json = JSON.createGenerator(text)) {
            json.writeStartObject();
            json.writeObjectFieldStart("_aws");
            json.writeNumberField("Timestamp", clock.millis());
            json.writeArrayFieldStart("CloudWatchMetrics");
            json.writeStartObject();
            json.writeStringField("Namespace", NAMESPACE);
            json.writeArrayFieldStart("Dimensions");
            json.writeStartArray();
            json.writeString(STAGE);
            if (dimension != null) {
                json.writeString(dimension);
            }
            json.writeEndArray();
            json.writeEndArray();
            json.writeArrayFieldStart("Metrics");
            for (String name : counts.keySet()) {
                json.writeStartObject();
                json.writeStringField("Name", name);
                json.writeStringField("Unit", "Count");
                json.writeEndObject();
            }
            json.writeEndArray();
            json.writeEndObject();
            json.writeEndArray();
            json.writeEndObject();
            json.writeStringField(STAGE, stage);
            if (dimension != null) {
                json.writeStringField(dimension, value);
            }
            for (Map.Entry<String, ? extends Number> count : counts.entrySet()) {
                json.writeNumberField(count.getKey(), count.getValue().doubleValue());
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    /**
     * What CloudWatch would refuse or misread (the rules aws-embedded-metrics checks): a line it drops loses every
     * count on it, so a bad one is not written.
     */
    private void check(Map<String, ? extends Number> counts, String dimension, String value) {
        if (counts.size() > MAX_METRICS) {
            throw new IllegalArgumentException(counts.size() + " metrics on one line; the format takes at most " + MAX_METRICS);
        }
        checkDimension(STAGE, stage);
        if (dimension != null) {
            checkDimension(dimension, value);
        }
        for (Map.Entry<String, ? extends Number> count : counts.entrySet()) {
            String name = count.getKey();
            if (name == null || name.isBlank() || name.length() > 1024 || name.equals(STAGE) || name.equals("_aws")
                    || name.equals(dimension)) {
                throw new IllegalArgumentException("metric name " + name + " is not one the line can carry");
            }
            double number = count.getValue().doubleValue();
            if (!Double.isFinite(number)) {
                throw new IllegalArgumentException("metric " + name + " is " + number + "; CloudWatch takes finite numbers only");
            }
        }
    }

    /** CloudWatch's dimensions: printable ASCII, a name of at most 250 characters not starting with ':', a value of 1024. */
    private static void checkDimension(String name, String value) {
        if (name.isBlank() || name.length() > 250 || name.startsWith(":") || !printableAscii(name)
                || value == null || value.isBlank() || value.length() > 1024 || !printableAscii(value)) {
            throw new IllegalArgumentException("dimension " + name + "=" + value + " is not one CloudWatch takes");
        }
    }

    private static boolean printableAscii(String text) {
        return text.chars().allMatch(c -> c >= 32 && c < 127);
    }
}
