package dev.wagateway.coldstart;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every function jar, as built, starts the way Lambda starts it and answers one real request: the
 * handler the infra names, built through its no-arg constructor in a fresh JVM whose classpath is only
 * the shaded jar. The module tests cannot see this (they run on a test classpath, with a lazily built
 * context); a jar that lacked a class its singletons need failed only here. One cold JVM per function,
 * with Lambda's flags (the JVM's defaults would only double the test's time), no timing asserted. A JVM that hangs is
 * killed after a minute and fails the test; the whole test has a limit too (about four seconds a JVM on this machine).
 */
class FunctionJarsStartTest {

    @Test
    @Timeout(value = 6, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void everyFunctionJarStartsAndAnswers() throws Exception {
        System.setProperty("bench.runs", "1");
        System.setProperty("bench.warm", "false");
        System.setProperty("bench.warmUp", "0");
        System.setProperty("bench.measured", "1");
        System.setProperty("bench.migrateCalls", "1");
        System.setProperty("bench.flagSets", "Lambda java21");
        System.setProperty("bench.jvmLimitSeconds", "60");
        // Starting every jar is the point here; the baseline and the SnapStart-shaped runs are the benchmark's.
        System.setProperty("bench.bare", "false");
        System.setProperty("bench.snapStart", "false");
        assertTrue(ColdStartBenchmark.run(), "a function jar did not start or answer: see the table above");
    }
}
