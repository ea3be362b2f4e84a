package dev.wagateway.coldstart;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One set of JVM flags every function is started with. Each set caps the heap at 85% of the
 * function's configured memory (our estimate of what the Lambda runtime leaves the heap; it does not
 * publish the figure).
 *
 * @param label what the report calls it
 * @param flags the flags beside the heap cap
 */
record JvmFlags(String label, List<String> flags) {

    /**
     * The JVM's own defaults on this machine; and what Lambda's java21 runtime sets: tiered compilation
     * stopped at level 1 (C1 only), which AWS documents for Java 17 and 21, and the serial collector,
     * which AWS documents for Java 11 and 17 and which the JVM picks by itself on a Lambda of 1 GB
     * (below 1,792 MB it is not a "server class machine").
     */
    static final JvmFlags LAMBDA = new JvmFlags("Lambda java21",
            List.of("-XX:+UseSerialGC", "-XX:+TieredCompilation", "-XX:TieredStopAtLevel=1"));
    static final List<JvmFlags> DEFAULT_SETS = List.of(new JvmFlags("JVM defaults", List.of()), LAMBDA);

    List<String> forMemory(int memoryMb) {
        List<String> all = new ArrayList<>();
        all.add("-Xmx" + memoryMb * 85 / 100 + "m");
        all.addAll(flags);
        return all;
    }

    String describe(int memoryMb) {
        return String.join(" ", forMemory(memoryMb));
    }

    /** The default sets, then those of {@code label=flags;label=flags}; only those labelled in {@code only} unless it is blank. */
    static List<JvmFlags> sets(String extra, String only) {
        List<JvmFlags> all = sets(extra);
        if (only.isBlank()) {
            return all;
        }
        List<String> labels = Arrays.stream(only.split(",")).map(String::strip).toList();
        List<JvmFlags> chosen = all.stream().filter(set -> labels.contains(set.label())).toList();
        if (chosen.size() != labels.size()) {
            throw new IllegalArgumentException("bench.flagSets names a set that is not one of "
                    + all.stream().map(JvmFlags::label).toList() + ": " + only);
        }
        return chosen;
    }

    /** The default sets, then those of {@code label=flags;label=flags}. */
    static List<JvmFlags> sets(String extra) {
        List<JvmFlags> sets = new ArrayList<>(DEFAULT_SETS);
        for (String entry : extra.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int equals = entry.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException("bench.extraFlags entries are label=flags: " + entry);
            }
            sets.add(new JvmFlags(entry.substring(0, equals).strip(),
                    Arrays.stream(entry.substring(equals + 1).strip().split("\\s+")).filter(f -> !f.isEmpty()).toList()));
        }
        return sets;
    }
}
