package dev.wagateway.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
import io.micronaut.context.env.PropertiesPropertySourceLoader;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The functions' application.properties files are on the local run's classpath too, but Micronaut reads
 * only the first one, which is the local module's (empty: the local run's settings are in its application.yml),
 * so the local application.yml must say everything theirs say.
 */
class LocalConfigurationTest {

    /** Where the local run differs from a function on purpose. */
    private static final Set<String> LOCAL_ON_PURPOSE = Set.of(
            "micronaut.application.name",
            // Never Secrets Manager locally; the webhook credentials have fixed local defaults.
            "whatsapp.secret-arn", "whatsapp.webhook.verify-token", "whatsapp.webhook.app-secret",
            // One pool serves every function here (dispatch-events alone takes 4 in AWS).
            "datasources.default.maximum-pool-size");

    @Test
    void micronautReadsOnlyTheLocalApplicationFiles() throws IOException {
        List<URL> yml = Collections.list(getClass().getClassLoader().getResources("application.yml"));
        assertEquals(1, yml.size(), "the local one only: " + yml);
        assertTrue(yml.getFirst().toString().contains("/local/target/classes/"), yml.getFirst().toString());
        List<URL> all = functionsFiles();
        assertEquals(11, all.size(), "the local one and the ten functions': " + all);
        assertTrue(all.getFirst().toString().contains("/local/target/classes/"), all.getFirst().toString());
        assertEquals(Map.of(), properties(all.getFirst()), "the local application.properties only hides the functions'");

        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment environment = context.getEnvironment().start();
            List<PropertySource> applicationSources = environment.getPropertySources().stream()
                    .filter(source -> source.getName().equals("application")).toList();
            Map<String, Object> read = new TreeMap<>();
            applicationSources.forEach(source -> source.forEach(key -> read.put(key, source.get(key))));
            assertEquals(leaves(yml.getFirst()).keySet(), read.keySet().stream().filter(key -> !isBranch(read.get(key)))
                    .collect(Collectors.toSet()));
            assertEquals("wa-gateway-local", environment.getRequiredProperty("micronaut.application.name", String.class));
        }
    }

    @Test
    void theLocalApplicationYmlCarriesWhatEveryFunctionSets() throws IOException {
        Map<String, Object> local = leaves(getClass().getClassLoader().getResource("application.yml"));
        List<URL> all = functionsFiles();
        List<String> drift = new ArrayList<>();
        for (URL function : all.subList(1, all.size())) {
            properties(function).forEach((key, value) -> {
                if (!LOCAL_ON_PURPOSE.contains(key) && !String.valueOf(value).equals(text(local.get(key)))) {
                    drift.add(key + " is " + value + " in " + function + " but " + local.get(key) + " in the local one");
                }
            });
        }
        assertEquals(List.of(), drift);
    }

    /** The application.properties files: the local one first, then the functions'. */
    private List<URL> functionsFiles() throws IOException {
        return Collections.list(getClass().getClassLoader().getResources("application.properties"));
    }

    /** A YAML value as a properties file writes it: a list as its items with commas. */
    private static String text(Object value) {
        return value instanceof List<?> list ? list.stream().map(String::valueOf).collect(Collectors.joining(","))
                : String.valueOf(value);
    }

    private static Map<String, Object> properties(URL file) throws IOException {
        try (InputStream input = file.openStream()) {
            return new TreeMap<>(new PropertiesPropertySourceLoader().read("application", input));
        }
    }

    private static boolean isBranch(Object value) {
        return value instanceof Map<?, ?>;
    }

    private static Map<String, Object> leaves(URL yml) throws IOException {
        try (InputStream input = yml.openStream()) {
            Map<String, Object> leaves = new LinkedHashMap<>();
            flatten("", new YamlPropertySourceLoader().read("application", input), leaves);
            return leaves;
        }
    }

    private static void flatten(String prefix, Map<?, ?> map, Map<String, Object> into) {
        map.forEach((key, value) -> {
            String name = prefix + key;
            if (value instanceof Map<?, ?> nested) {
                flatten(name + ".", nested, into);
            } else {
                into.put(name, value);
            }
        });
    }
}
