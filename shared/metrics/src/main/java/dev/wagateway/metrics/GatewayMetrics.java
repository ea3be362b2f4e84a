package dev.wagateway.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
 * <p>The line is written from a template per set of metric names and dimension ({@link EmfTemplate}): a call
 * site counts the same names every time, so only the timestamp and the values change. aws-embedded-metrics built
 * the same line through a logger, a context and Jackson on every call, about a quarter of the webhook controller's
 * CPU; its output is the reference the tests hold this line to.
 */
@Singleton
public class GatewayMetrics {

    public static final String NAMESPACE = "WaGateway";
    public static final String STAGE = "Stage";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayMetrics.class);

    private final String stage;
    private final Map<TemplateKey, EmfTemplate> templates = new ConcurrentHashMap<>();

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

    private void write(Map<String, ? extends Number> counts, String dimension, String value) {
        if (counts.isEmpty()) {
            return;
        }
        try {
            String[] names = counts.keySet().toArray(String[]::new);
            EmfTemplate template = templates.computeIfAbsent(new TemplateKey(java.util.List.of(names), dimension, value),
                    key -> new EmfTemplate(NAMESPACE, names, STAGE, stage, dimension, value));
            double[] values = new double[names.length];
            for (int i = 0; i < names.length; i++) {
                values[i] = counts.get(names[i]).doubleValue();
            }
            // Looked up at each call, as the library did: a test (or a Lambda runtime) may have replaced it.
            System.out.println(template.line(System.currentTimeMillis(), values));
        } catch (RuntimeException e) {
            LOG.warn("Metrics {} not written: {}", counts.keySet(), e.toString());
        }
    }

    private record TemplateKey(java.util.List<String> names, String dimension, String value) {
    }
}
