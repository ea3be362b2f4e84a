package dev.wagateway.coldstart;

import dev.wagateway.coldstart.driver.HandlerDriver;
import dev.wagateway.coldstart.driver.SnapStartDriver;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Starts one fresh JVM on a function's jar plus the driver, with a clean environment (what Lambda
 * sets, what the infra sets, and the benchmark's fakes), and reads what it measured.
 */
final class FunctionJvm {

    /**
     * One cold start, in microseconds: main and total from the moment this process asked for the new JVM;
     * the same request's second call, right after the first answer.
     */
    record Cold(long mainMicros, long initMicros, long firstRequestMicros, long totalMicros, long secondRequestMicros) {
    }

    /** Timed calls in one warm JVM, in microseconds. */
    record Warm(int calls, long p50Micros, long p90Micros, long p99Micros) {
    }

    /** One SnapStart-shaped JVM (SnapStartDriver), in microseconds: init, the checkpoint's work, the restore's, two requests. */
    record SnapStart(long initMicros, long primeMicros, long restoreMicros, long firstMicros, long secondMicros) {
    }

    record Result(Cold cold, Warm warm) {
    }

    /** The JVM gave no answer: the deepest cause its output names, and its last lines. */
    static final class FunctionFailed extends RuntimeException {
        private final String reason;

        FunctionFailed(String reason, String output) {
            super(reason + "; its last lines:\n" + output);
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }

    private final Duration limit;
    private final String java;
    private final String driverClasses;
    private final Map<String, String> sharedEnvironment;

    /** {@code limit}: the longest one JVM may take, warm calls included; then it is killed and counts as failed. */
    FunctionJvm(Map<String, String> sharedEnvironment, Duration limit) {
        this.limit = limit;
        this.java = ProcessHandle.current().info().command().orElse("java");
        this.driverClasses = driverClasses();
        this.sharedEnvironment = Map.copyOf(sharedEnvironment);
    }

    String java() {
        return java;
    }

    Result run(Target target, List<String> jvmFlags, Map<String, String> functionEnvironment, boolean warm) {
        Map<String, String> lines = start(target, jvmFlags, functionEnvironment, HandlerDriver.class.getName(), warm,
                warm ? List.of("COLDSTART ", "WARM ") : List.of("COLDSTART "));
        long start = Long.parseLong(lines.get("requested"));
        String coldLine = lines.get("COLDSTART ");
        String warmLine = lines.get("WARM ");
        Map<String, Long> c = values(coldLine);
        Cold cold = new Cold(c.get("main") - start, c.get("init") / 1_000, c.get("first") / 1_000, c.get("answered") - start,
                c.get("second") / 1_000);
        Warm warmResult = null;
        if (warmLine != null) {
            Map<String, Long> w = values(warmLine);
            warmResult = new Warm(w.get("calls").intValue(), w.get("p50") / 1_000, w.get("p90") / 1_000, w.get("p99") / 1_000);
        }
        return new Result(cold, warmResult);
    }

    /** One SnapStart-shaped JVM: init, the CRaC resources' checkpoint and restore, then the request twice. */
    SnapStart snapStart(Target target, List<String> jvmFlags, Map<String, String> functionEnvironment) {
        Map<String, Long> s = values(start(target, jvmFlags, functionEnvironment, SnapStartDriver.class.getName(), false,
                List.of("SNAPSTART ")).get("SNAPSTART "));
        return new SnapStart(s.get("init") / 1_000, s.get("prime") / 1_000, s.get("restore") / 1_000, s.get("first") / 1_000,
                s.get("second") / 1_000);
    }

    /** Runs one JVM to its end; the last line of each prefix it printed, and when it was asked for ("requested", µs). */
    private Map<String, String> start(Target target, List<String> jvmFlags, Map<String, String> functionEnvironment,
                                      String main, boolean warm, List<String> prefixes) {
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(jvmFlags);
        command.addAll(List.of("-cp", target.jar() + File.pathSeparator + driverClasses, main,
                target.driverName(), target.handler(), String.valueOf(target.memoryMb()),
                String.valueOf(target.timeoutSeconds()),
                String.valueOf(warm ? target.warmUp() : 0), String.valueOf(warm ? target.measured() : 0)));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> environment = builder.environment();
        // Nothing of this shell (JAVA_TOOL_OPTIONS, DEVDB_URL, ...) reaches the function.
        environment.clear();
        environment.putAll(sharedEnvironment);
        environment.putAll(functionEnvironment);

        Deque<String> tail = new ArrayDeque<>();
        String cause = null;
        Map<String, String> found = new HashMap<>();
        Instant requested = Instant.now();
        Process process;
        try {
            process = builder.start();
            // A JVM that hangs (a connection that never answers) must not hang the benchmark.
            CompletableFuture<Void> watchdog = CompletableFuture.runAsync(process::destroyForcibly,
                    CompletableFuture.delayedExecutor(limit.toSeconds(), TimeUnit.SECONDS));
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    for (String prefix : prefixes) {
                        if (line.startsWith(prefix)) {
                            found.put(prefix, line);
                        }
                    }
                    if (line.startsWith("Caused by: ") || line.startsWith("Exception in thread")) {
                        cause = line.strip();
                    }
                    tail.addLast(line);
                    if (tail.size() > 40) {
                        tail.removeFirst();
                    }
                }
            }
            process.waitFor();
            watchdog.cancel(false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (process.exitValue() != 0 || !found.keySet().containsAll(prefixes)) {
            throw new FunctionFailed("exit " + process.exitValue() + ": " + (cause == null ? "no answer" : cause),
                    String.join("\n", tail));
        }
        found.put("requested", String.valueOf(micros(requested)));
        return found;
    }

    private static Map<String, Long> values(String line) {
        Map<String, Long> values = new HashMap<>();
        for (String pair : line.substring(line.indexOf(' ') + 1).split(" ")) {
            String[] nameValue = pair.split("=", 2);
            values.put(nameValue[0], Long.parseLong(nameValue[1]));
        }
        return values;
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }

    /** Where the driver's classes are: this module's classes folder (or jar). */
    private static String driverClasses() {
        try {
            return Path.of(HandlerDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
