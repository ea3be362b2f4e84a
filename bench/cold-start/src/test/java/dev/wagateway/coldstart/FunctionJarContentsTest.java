package dev.wagateway.coldstart;

import dev.wagateway.coldstart.driver.HandlerDriver;
import dev.wagateway.infra.FunctionJars;
import dev.wagateway.infra.GatewayFunction;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function jars keep only the classes of aws-lambda-java-events that are used (the shade filter in
 * functions/pom.xml): every event class named by any other class or resource of a jar, or by the benchmark's
 * driver that runs on it, is in the jar, and so is every event class those name in turn (their fields, methods and
 * generic signatures: what Lambda's and Micronaut's deserializers reach by reflection). A name is read from the
 * constant pools' text as it is, slashed or dotted, so a class named only in a string (Class.forName, a service
 * file) counts too. With FunctionJarsStartTest, which starts each jar and sends it one event, this is what makes the
 * filter safe. It reads the jars as built: run it after packaging the functions.
 */
class FunctionJarContentsTest {

    private static final String EVENTS = "com/amazonaws/services/lambda/runtime/events/";
    private static final Pattern SLASHED = Pattern.compile("com/amazonaws/services/lambda/runtime/events/[A-Za-z0-9_$/]+");
    private static final Pattern DOTTED = Pattern.compile("com\\.amazonaws\\.services\\.lambda\\.runtime\\.events\\.[A-Za-z0-9_$.]+");

    @Test
    void everyEventClassAJarNamesIsInItAndNoOtherIsKept() throws IOException {
        Set<String> driver = driverReferences();
        Map<String, String> findings = new TreeMap<>();
        for (Map.Entry<Path, GatewayFunction> built : jars().entrySet()) {
            GatewayFunction function = built.getValue();
            try (ZipFile zip = new ZipFile(built.getKey().toFile())) {
                Set<String> entries = new HashSet<>();
                for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                    entries.add(all.nextElement().getName());
                }
                Set<String> roots = new HashSet<>(driver);
                for (String entry : entries) {
                    if (!entry.startsWith(EVENTS) && !entry.endsWith("/")) {
                        roots.addAll(references(read(zip, entry)));
                    }
                }
                // The closure over the event classes: what a used event class names is used too.
                Set<String> used = new TreeSet<>();
                Set<String> missing = new TreeSet<>();
                Set<String> looked = new HashSet<>();
                Deque<String> toVisit = new ArrayDeque<>(roots);
                while (!toVisit.isEmpty()) {
                    String name = toVisit.pop();
                    if (!looked.add(name)) {
                        continue;
                    }
                    String entry = classEntry(name, entries);
                    if (entry != null) {
                        used.add(entry);
                        toVisit.addAll(references(read(zip, entry)));
                    } else if (!isPackage(name, entries)) {
                        missing.add(name);
                    }
                }
                // A kept class no one names (nested classes of a used one are kept with it by the filter's pattern).
                Set<String> unused = new TreeSet<>();
                for (String entry : entries) {
                    if (entry.startsWith(EVENTS) && entry.endsWith(".class") && !entry.contains("$") && !used.contains(entry)) {
                        unused.add(entry.substring(EVENTS.length()));
                    }
                }
                if (!missing.isEmpty()) {
                    findings.put(function.module() + " lacks", missing.toString());
                }
                if (!unused.isEmpty()) {
                    findings.put(function.module() + " keeps unused", unused.toString());
                }
                assertTrue(used.size() > 0, function.module() + ": no event class is used at all; the scan saw nothing");
            }
        }
        assertTrue(findings.isEmpty(), "aws-lambda-java-events in the function jars (change the filter in functions/pom.xml): "
                + findings);
    }

    /**
     * No jar has a YAML parser (the shade leaves snakeyaml out), so none may hold YAML configuration, which Micronaut
     * would skip without a word: a function's is its application.properties, a shared module's its
     * wa-gateway-*defaults.properties. (The OpenAPI documents under META-INF/swagger are YAML for readers, not
     * configuration.)
     */
    @Test
    void noJarHoldsYamlConfigurationOrAYamlParser() throws IOException {
        Map<String, String> findings = new TreeMap<>();
        for (Map.Entry<Path, GatewayFunction> built : jars().entrySet()) {
            GatewayFunction function = built.getValue();
            try (ZipFile zip = new ZipFile(built.getKey().toFile())) {
                Set<String> wrong = new TreeSet<>();
                for (Enumeration<? extends ZipEntry> all = zip.entries(); all.hasMoreElements(); ) {
                    String entry = all.nextElement().getName();
                    boolean yaml = (entry.endsWith(".yml") || entry.endsWith(".yaml")) && !entry.startsWith("META-INF/swagger/");
                    if (yaml || entry.startsWith("org/yaml/")) {
                        wrong.add(entry);
                    }
                }
                if (zip.getEntry("application.properties") == null) {
                    wrong.add("(no application.properties)");
                }
                if (!wrong.isEmpty()) {
                    findings.put(function.module(), wrong.size() > 5 ? wrong.size() + " entries, first " + wrong.iterator().next()
                            : wrong.toString());
                }
            }
        }
        assertTrue(findings.isEmpty(), "YAML in the function jars: " + findings);
    }

    /** Each built function jar once (two functions may share one), with the first function it serves. */
    private static Map<Path, GatewayFunction> jars() {
        Map<Path, GatewayFunction> jars = new LinkedHashMap<>();
        for (GatewayFunction function : GatewayFunction.values()) {
            jars.putIfAbsent(FunctionJars.ofThisRepository().require(function), function);
        }
        return jars;
    }

    /** The entry of the class a reference names: as it is, or with a dotted nested class's dots made dollars. */
    private static String classEntry(String name, Set<String> entries) {
        String candidate = name;
        while (true) {
            if (entries.contains(candidate + ".class")) {
                return candidate + ".class";
            }
            int slash = candidate.lastIndexOf('/');
            if (slash < EVENTS.length()) {
                return null;
            }
            candidate = candidate.substring(0, slash) + "$" + candidate.substring(slash + 1);
        }
    }

    /** A package of the library (named by a class that lists them), not a class. */
    private static boolean isPackage(String name, Set<String> entries) {
        String prefix = name.endsWith("/") ? name : name + "/";
        return entries.stream().anyMatch(entry -> entry.startsWith(prefix));
    }

    private static Set<String> references(byte[] content) {
        String text = new String(content, StandardCharsets.ISO_8859_1);
        Set<String> names = new LinkedHashSet<>();
        for (Matcher m = SLASHED.matcher(text); m.find(); ) {
            names.add(strip(m.group()));
        }
        for (Matcher m = DOTTED.matcher(text); m.find(); ) {
            names.add(strip(m.group().replace('.', '/')));
        }
        names.remove(strip(EVENTS));
        return names;
    }

    private static String strip(String name) {
        return name.endsWith("/") ? name.substring(0, name.length() - 1) : name;
    }

    private static byte[] read(ZipFile zip, String entry) throws IOException {
        try (InputStream in = zip.getInputStream(zip.getEntry(entry))) {
            return in.readAllBytes();
        }
    }

    /** What the driver (this module's classes, on the classpath beside each jar) names. */
    private static Set<String> driverReferences() throws IOException {
        Path classes;
        try {
            classes = Path.of(HandlerDriver.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Set<String> names = new HashSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                names.addAll(references(Files.readAllBytes(file)));
            }
        }
        assertTrue(!names.isEmpty(), "the driver names no event class: the scan of " + classes + " saw nothing");
        return names;
    }
}
