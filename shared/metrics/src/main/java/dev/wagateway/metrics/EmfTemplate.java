package dev.wagateway.metrics;

/**
 * One embedded-metric-format line's fixed parts (namespace, metric names, dimensions and their values), written
 * once; {@link #line} fills in the timestamp and the values. The shape is the one CloudWatch documents and
 * aws-embedded-metrics writes:
 * {@code {"_aws":{"Timestamp":<ms>,"CloudWatchMetrics":[{"Namespace":..,"Metrics":[{"Name":..,"Unit":"Count"}],
 * "Dimensions":[[..]]}]},"Stage":..,"<name>":<value>}}.
 */
final class EmfTemplate {

    private final String directive;
    private final String[] valuePrefixes;

    EmfTemplate(String namespace, String[] names, String stageDimension, String stage, String dimension, String value) {
        StringBuilder out = new StringBuilder(",\"CloudWatchMetrics\":[{\"Namespace\":");
        quote(namespace, out);
        out.append(",\"Metrics\":[");
        for (int i = 0; i < names.length; i++) {
            out.append(i == 0 ? "" : ",").append("{\"Name\":");
            quote(names[i], out);
            out.append(",\"Unit\":\"Count\"}");
        }
        out.append("],\"Dimensions\":[[");
        quote(stageDimension, out);
        if (dimension != null) {
            out.append(',');
            quote(dimension, out);
        }
        out.append("]]}]},");
        quote(stageDimension, out);
        out.append(':');
        quote(stage, out);
        if (dimension != null) {
            out.append(',');
            quote(dimension, out);
            out.append(':');
            quote(value, out);
        }
        directive = out.toString();
        valuePrefixes = new String[names.length];
        for (int i = 0; i < names.length; i++) {
            StringBuilder prefix = new StringBuilder(",");
            quote(names[i], prefix);
            valuePrefixes[i] = prefix.append(':').toString();
        }
    }

    /** The line at {@code timestampMillis} with the values in the order of the names. */
    String line(long timestampMillis, double[] values) {
        StringBuilder out = new StringBuilder(directive.length() + 64 + 24 * values.length);
        out.append("{\"_aws\":{\"Timestamp\":").append(timestampMillis).append(directive);
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                // JSON cannot carry it (aws-embedded-metrics refused it too): the caller logs the count as not written.
                throw new IllegalArgumentException("not a finite count: " + values[i]);
            }
            out.append(valuePrefixes[i]).append(values[i]);
        }
        return out.append('}').toString();
    }

    /** A JSON string: names and stages are the code's and the deployment's, but escaped all the same. */
    static void quote(String text, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
