package dev.wagateway.local;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.Environment;
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
 * The functions' application.yml files are on the local run's classpath too, but Micronaut reads
 * only the first one, which is the local module's: so it must say everything theirs say.
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
    void micronautReadsOnlyTheLocalApplicationYml() throws IOException {
        List<URL> all = Collections.list(getClass().getClassLoader().getResources("application.yml"));
        assertEquals(11, all.size(), "the local one and the ten functions': " + all);
        assertTrue(all.getFirst().toString().contains("/local/target/classes/"), all.getFirst().toString());

        try (ApplicationContext context = ApplicationContext.builder().build()) {
            Environment environment = context.getEnvironment().start();
            List<PropertySource> applicationSources = environment.getPropertySources().stream()
                    .filter(source -> source.getName().equals("application")).toList();
            assertEquals(1, applicationSources.size(), applicationSources.toString());
            Map<String, Object> read = new TreeMap<>();
            applicationSources.getFirst().forEach(key -> read.put(key, applicationSources.getFirst().get(key)));
            assertEquals(leaves(all.getFirst()).keySet(), read.keySet().stream().filter(key -> !isBranch(read.get(key)))
                    .collect(Collectors.toSet()));
            assertEquals("wa-gateway-local", environment.getRequiredProperty("micronaut.application.name", String.class));
        }
    }

    @Test
    void theLocalApplicationYmlCarriesWhatEveryFunctionSets() throws IOException {
        List<URL> all = Collections.list(getClass().getClassLoader().getResources("application.yml"));
        Map<String, Object> local = leaves(all.getFirst());
        List<String> drift = new ArrayList<>();
        for (URL function : all.subList(1, all.size())) {
            leaves(function).forEach((key, value) -> {
                if (!LOCAL_ON_PURPOSE.contains(key) && !String.valueOf(value).equals(String.valueOf(local.get(key)))) {
                    drift.add(key + " is " + value + " in " + function + " but " + local.get(key) + " in the local one");
                }
            });
        }
        assertEquals(List.of(), drift);
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
