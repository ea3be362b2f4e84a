package dev.wagateway.coldstart;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToLongFunction;

/** Collects the samples and prints the figures, as a Markdown table ready for docs/benchmarks.md. */
final class Report {

    /** Linux's USER_HZ, the unit of /proc/self/stat's times. */
    private static final double TICKS_PER_SECOND = 100.0;

    private record Key(Target target, JvmFlags flags) {
    }

    private final int runs;
    private final String stage;
    private final List<JvmFlags> flagSets;
    private final List<Target> targets;
    private final Map<Key, List<FunctionJvm.Cold>> colds = new HashMap<>();
    private final Map<Key, FunctionJvm.Warm> warms = new HashMap<>();
    private final Map<Key, String> failures = new HashMap<>();
    private final Map<Target, Integer> secretReads = new HashMap<>();
    private final Map<Target, List<FunctionJvm.SnapStart>> snapStarts = new HashMap<>();
    private final Map<Target, String> snapStartFailures = new HashMap<>();
    private final List<Double> loads = new ArrayList<>();
    private String loadAtStart;
    private long startedNanos;
    private long cpuTicksAtStart;

    Report(int runs, String stage, List<JvmFlags> flagSets, List<Target> targets) {
        this.runs = runs;
        this.stage = stage;
        this.flagSets = flagSets;
        this.targets = targets;
    }

    void started() {
        loadAtStart = ColdStartBenchmark.loadAverage();
        startedNanos = System.nanoTime();
        cpuTicksAtStart = ownCpuTicks();
        System.out.printf("BENCHMARK cold start of each function jar, %s%n", Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.printf("BENCHMARK load average at the start: %s on %d cores%n", loadAtStart,
                Runtime.getRuntime().availableProcessors());
    }

    void setting(String postgresOrigin, String java) {
        System.out.printf("BENCHMARK %d fresh JVMs per function and flag set, interleaved; java %s (%s); PostgreSQL: %s%n",
                runs, Runtime.version(), java, postgresOrigin);
    }

    void cold(Target target, JvmFlags flags, FunctionJvm.Cold cold) {
        colds.computeIfAbsent(new Key(target, flags), k -> new ArrayList<>()).add(cold);
    }

    void warm(Target target, JvmFlags flags, FunctionJvm.Warm warm) {
        warms.put(new Key(target, flags), warm);
    }

    /** Secrets Manager reads by one cold JVM of this function (init and two requests; the most seen). */
    void secretReads(Target target, int reads) {
        secretReads.merge(target, reads, Math::max);
    }

    void snapStart(Target target, FunctionJvm.SnapStart run) {
        snapStarts.computeIfAbsent(target, k -> new ArrayList<>()).add(run);
    }

    void snapStartFailure(Target target, String reason) {
        snapStartFailures.put(target, reason);
    }

    void failure(Target target, JvmFlags flags, String reason) {
        failures.put(new Key(target, flags), reason);
    }

    boolean failed(Target target, JvmFlags flags) {
        return failures.containsKey(new Key(target, flags));
    }

    boolean anyFailed() {
        return !failures.isEmpty() || !snapStartFailures.isEmpty();
    }

    void roundDone(int run) {
        String load = ColdStartBenchmark.loadAverage();
        loads.add(Double.parseDouble(load.split(" ")[0]));
        System.out.printf("BENCHMARK round %d of %d done, load average %s%n", run, runs, load);
    }

    void finished() {
        String loadAtEnd = ColdStartBenchmark.loadAverage();
        System.out.println();
        System.out.println("Requests (each JVM's first answer, and the warm JVM's timed ones):");
        for (Target target : targets) {
            System.out.printf("- %s (%s, %s, %d MB): %s; warm: %d calls timed after %d; "
                            + "Secrets Manager reads per cold JVM (init and two requests): %d%n",
                    target.module(), simpleName(target.handler()), target.build(), target.memoryMb(), target.request(),
                    target.measured(), target.warmUp() + 2, secretReads.getOrDefault(target, 0));
        }
        System.out.println("Flags (heap cap from the " + stage + " stage's memory):");
        for (JvmFlags flags : flagSets) {
            System.out.printf("- %s: %s%n", flags.label(), flags.describe(targets.getFirst().memoryMb()));
        }
        System.out.println();
        System.out.println("| function (handler) | build | jar | flags | JVM start to main p50 | init p50 | first request p50 "
                + "| cold total p50 / p90 | second request p50 | warm p50 / p90 | cold p50 / warm p50 |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Target target : targets) {
            for (JvmFlags flags : flagSets) {
                Key key = new Key(target, flags);
                if (failures.containsKey(key)) {
                    System.out.printf(Locale.ROOT, "| %s (%s) | %s | %.1f MB | %s | fails at init: %s | | | | | | |%n",
                            target.module(), simpleName(target.handler()), target.build(), megabytes(target), flags.label(),
                            failures.get(key));
                    continue;
                }
                List<FunctionJvm.Cold> samples = colds.get(key);
                FunctionJvm.Warm warm = warms.get(key);
                long total50 = quantile(samples, FunctionJvm.Cold::totalMicros, 0.5);
                String warmColumns = warm == null ? "not measured | "
                        : String.format(Locale.ROOT, "%s / %s | %.0fx", ms(warm.p50Micros()), ms(warm.p90Micros()),
                        (double) total50 / warm.p50Micros());
                System.out.printf(Locale.ROOT, "| %s (%s) | %s | %.1f MB | %s | %s | %s | %s | %s / %s | %s | %s |%n",
                        target.module(), simpleName(target.handler()), target.build(), megabytes(target), flags.label(),
                        ms(quantile(samples, FunctionJvm.Cold::mainMicros, 0.5)),
                        ms(quantile(samples, FunctionJvm.Cold::initMicros, 0.5)),
                        ms(quantile(samples, FunctionJvm.Cold::firstRequestMicros, 0.5)),
                        ms(total50), ms(quantile(samples, FunctionJvm.Cold::totalMicros, 0.9)),
                        ms(quantile(samples, FunctionJvm.Cold::secondRequestMicros, 0.5)), warmColumns);
            }
        }
        comparisons();
        snapStartTable();
        System.out.println();
        System.out.printf("BENCHMARK load average at the start: %s; after each round (1 min): %s; at the end: %s%n",
                loadAtStart, loads, loadAtEnd);
        // The load average counts this benchmark's own JVMs too: what is left over is other work.
        double seconds = (System.nanoTime() - startedNanos) / 1e9;
        System.out.printf(Locale.ROOT, "BENCHMARK this benchmark's JVMs (PostgreSQL not counted) kept %.2f cores busy "
                        + "on average over %.0f s%n",
                (ownCpuTicks() - cpuTicksAtStart) / TICKS_PER_SECOND / seconds, seconds);
    }

    /**
     * Per function and flag set, the AOT build's cold total (p50) against the bare function's AOT build in the same run
     * (floor for HTTP functions: at most 1.5x), and against its own build without AOT (floor: at least 15% faster).
     */
    private void comparisons() {
        System.out.println();
        System.out.println("| function (handler) | flags | cold total p50 (AOT) | / bare function (AOT) | cold total p50 (no AOT) "
                + "| AOT gain |");
        System.out.println("| --- | --- | --- | --- | --- | --- |");
        Target bare = targets.stream().filter(t -> t.isBare() && t.build().equals(Target.AOT)).findFirst().orElse(null);
        for (Target target : targets) {
            if (!target.build().equals(Target.AOT)) {
                continue;
            }
            Target plain = targets.stream().filter(t -> t.sameFunction(target) && t.build().equals(Target.WITHOUT_AOT))
                    .findFirst().orElse(null);
            for (JvmFlags flags : flagSets) {
                Long total = total50(target, flags);
                if (total == null) {
                    continue;
                }
                Long bareTotal = bare == null ? null : total50(bare, flags);
                Long plainTotal = plain == null ? null : total50(plain, flags);
                System.out.printf(Locale.ROOT, "| %s (%s) | %s | %s | %s | %s | %s |%n", target.module(),
                        simpleName(target.handler()), flags.label(), ms(total),
                        bareTotal == null ? "-" : String.format(Locale.ROOT, "%.2fx", (double) total / bareTotal),
                        plainTotal == null ? "-" : ms(plainTotal),
                        plainTotal == null ? "-" : String.format(Locale.ROOT, "%.0f%%", 100.0 * (plainTotal - total) / plainTotal));
            }
        }
    }

    /** The SnapStart-shaped JVMs: the first request after the restore against the warm second one (floor: at most 3x). */
    private void snapStartTable() {
        if (snapStarts.isEmpty() && snapStartFailures.isEmpty()) {
            return;
        }
        System.out.println();
        System.out.println("SnapStart-shaped (one JVM each round, Lambda java21, AOT build: init, the CRaC resources' checkpoint "
                + "(priming, the pool suspended and emptied) and restore, then the request twice; not the snapshot or the restore itself):");
        System.out.println("| function (handler) | init p50 | checkpoint work p50 | restore work p50 | first request after restore p50 "
                + "| second request p50 | first / second |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Target target : targets) {
            if (snapStartFailures.containsKey(target)) {
                System.out.printf("| %s (%s) | fails: %s | | | | | |%n", target.module(), simpleName(target.handler()),
                        snapStartFailures.get(target));
                continue;
            }
            List<FunctionJvm.SnapStart> runs = snapStarts.get(target);
            if (runs == null) {
                continue;
            }
            long first = median(runs, FunctionJvm.SnapStart::firstMicros);
            long second = median(runs, FunctionJvm.SnapStart::secondMicros);
            System.out.printf(Locale.ROOT, "| %s (%s) | %s | %s | %s | %s | %s | %.1fx |%n",
                    target.module() + (target.build().equals(Target.AOT) ? "" : " [" + target.build() + "]"),
                    simpleName(target.handler()), ms(median(runs, FunctionJvm.SnapStart::initMicros)),
                    ms(median(runs, FunctionJvm.SnapStart::primeMicros)), ms(median(runs, FunctionJvm.SnapStart::restoreMicros)),
                    ms(first), ms(second), (double) first / Math.max(1, second));
        }
    }

    private Long total50(Target target, JvmFlags flags) {
        List<FunctionJvm.Cold> samples = colds.get(new Key(target, flags));
        return samples == null ? null : quantile(samples, FunctionJvm.Cold::totalMicros, 0.5);
    }

    private static long median(List<FunctionJvm.SnapStart> runs, ToLongFunction<FunctionJvm.SnapStart> field) {
        long[] values = runs.stream().mapToLong(field).sorted().toArray();
        return values[(int) Math.ceil(0.5 * values.length) - 1];
    }

    /** CPU time of this JVM and of the children it has waited for (the function JVMs); 0 where there is no /proc. */
    private static long ownCpuTicks() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // utime, stime, cutime, cstime: fields 14-17 of the line, 11-14 counted from the state after the name.
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]) + Long.parseLong(fields[13])
                    + Long.parseLong(fields[14]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long quantile(List<FunctionJvm.Cold> samples, ToLongFunction<FunctionJvm.Cold> field, double quantile) {
        long[] values = samples.stream().mapToLong(field).sorted().toArray();
        return values[(int) Math.ceil(quantile * values.length) - 1];
    }

    private static String ms(long micros) {
        return micros >= 100_000 ? String.format(Locale.ROOT, "%.0f ms", micros / 1000.0)
                : String.format(Locale.ROOT, "%.2f ms", micros / 1000.0);
    }

    private static double megabytes(Target target) {
        try {
            return Files.size(target.jar()) / 1_048_576.0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }
}
