package dev.wagateway.metrics;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;

import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.DimensionSet;
import software.amazon.cloudwatchlogs.emf.model.Unit;

/**
 * CPU per metric line, the webhook's three counts: {@link GatewayMetrics} (a template per call site) beside
 * aws-embedded-metrics' logger as GatewayMetrics used it before, in one run, alternating rounds, standard output
 * discarded (the same for both). Run: see docs/benchmarks.md (receive-webhook, issue 14).
 */
public final class EmfLineBenchmark {

    private EmfLineBenchmark() {
    }

    public static void main(String[] args) {
        int lines = Integer.getInteger("bench.lines", 200_000);
        Map<String, Integer> counts = Map.of("DeliveriesStored", 1, "MessagesStored", 0, "StatusesStored", 1);
        GatewayMetrics template = new GatewayMetrics("dev");
        LambdaEnvironment environment = new LambdaEnvironment();
        Runnable library = () -> {
            MetricsLogger metrics = new MetricsLogger(environment);
            metrics.setNamespace(GatewayMetrics.NAMESPACE);
            metrics.setDimensions(DimensionSet.of(GatewayMetrics.STAGE, "dev"));
            counts.forEach((name, value) -> metrics.putMetric(name, value, Unit.COUNT));
            metrics.flush();
        };
        Runnable ours = () -> template.count(counts);
        PrintStream original = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        double[] libraryMicros = new double[5];
        double[] oursMicros = new double[5];
        try {
            for (int round = 0; round < 5; round++) {
                libraryMicros[round] = cpuMicrosPerCall(library, lines);
                oursMicros[round] = cpuMicrosPerCall(ours, lines);
            }
        } finally {
            System.setOut(original);
        }
        for (int round = 0; round < 5; round++) {
            System.out.printf("round %d: aws-embedded-metrics %.2f us CPU per line, template %.2f us (%.1fx)%n", round + 1,
                    libraryMicros[round], oursMicros[round], libraryMicros[round] / oursMicros[round]);
        }
        System.out.printf("load average %.1f%n", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double cpuMicrosPerCall(Runnable call, int times) {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long start = threads.getCurrentThreadCpuTime();
        for (int i = 0; i < times; i++) {
            call.run();
        }
        return (threads.getCurrentThreadCpuTime() - start) / 1e3 / times;
    }
}
