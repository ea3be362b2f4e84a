package dev.wagateway.metrics;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.wagateway.shared.snapstart.PrimingScope;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.cloudwatchlogs.emf.environment.Environment;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.model.MetricsContext;
import software.amazon.cloudwatchlogs.emf.sinks.ISink;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * Counts as CloudWatch metrics in the embedded metric format (aws-embedded-metrics): one JSON line on standard
 * output per call, which CloudWatch Logs turns into metrics in the namespace {@value #NAMESPACE} with the dimension
 * {@value #STAGE} (and at most one more). No network call and no permission beyond the function's log group.
 * Never throws: a count lost is better than a request failed for it.
 */
@Singleton
public class GatewayMetrics {

    public static final String NAMESPACE = "WaGateway";
    public static final String STAGE = "Stage";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

    private final String stage;
    /**
     * Lambda's environment, named rather than detected: its sink is standard output, and detection would probe for
     * EC2's metadata service and fall back to a CloudWatch agent's socket, both network calls.
     */
    private final Environment environment = new LambdaEnvironment();
    /**
     * Lambda's environment with a sink that serialises each line as the real one does and drops it: for
     * {@link #primeWithoutWriting}, which must not add a data point to any metric.
     */
    private final Environment discarding = new LambdaEnvironment() {
        @Override
        public ISink getSink() {
            return new ISink() {
                @Override
                public void accept(MetricsContext context) {
                    try {
                        lastPrimedLines = context.serialize().size();
                    } catch (JsonProcessingException e) {
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
    private volatile int lastPrimedLines;

    @Inject
    public GatewayMetrics(StageSettings settings) {
        this(settings.stage());
    }

    /** @param stage the Stage dimension of every count */
    public GatewayMetrics(String stage) {
        this.stage = stage;
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
     * The same work as {@link #count(Map)} (the library's logger and its JSON serialisation, loaded and compiled),
     * with the line dropped instead of written: for the SnapStart priming, before the snapshot. Returns how many
     * lines were serialised (and dropped).
     */
    public int primeWithoutWriting(Map<String, ? extends Number> counts) {
        lastPrimedLines = 0;
        write(counts, null, null, discarding);
        return lastPrimedLines;
    }

    private void write(Map<String, ? extends Number> counts, String dimension, String value) {
        // A SnapStart priming request (rolled back, answered by a loopback "Meta") must not count as a real one.
        write(counts, dimension, value, PrimingScope.current().isPresent() ? discarding : environment);
    }

    private void write(Map<String, ? extends Number> counts, String dimension, String value, Environment environment) {
        if (counts.isEmpty()) {
            return;
        }
        try {
            MetricsLogger metrics = new MetricsLogger(environment);
            metrics.setNamespace(NAMESPACE);
            // Replaces the library's default dimensions (log group, service name and type): one series per stage.
            metrics.setDimensions(dimension == null ? DimensionSet.of(STAGE, stage)
                    : DimensionSet.of(STAGE, stage, dimension, value));
            for (Map.Entry<String, ? extends Number> count : counts.entrySet()) {
                metrics.putMetric(count.getKey(), count.getValue().doubleValue(), Unit.COUNT);
            }
            metrics.flush();
        } catch (RuntimeException e) {
            LOG.warn("Metrics {} not written: {}", counts.keySet(), e.toString());
        }
    }
}
