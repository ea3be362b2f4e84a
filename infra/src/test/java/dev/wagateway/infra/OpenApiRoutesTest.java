package dev.wagateway.infra;

import static dev.wagateway.infra.TemplateJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.yaml.snakeyaml.Yaml;

/**
 * The API Gateway routes and the functions' own OpenAPI documents (generated from the controllers at
 * compile time, {@code META-INF/swagger/<module>.yml} in each deployed jar) describe the same API: every
 * documented operation has a route to the function whose jar documents it, and every route is documented.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiRoutesTest {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");

    private SynthesizedDevApp dev;

    @BeforeAll
    void synthesize() {
        dev = SynthesizedDevApp.get();
    }

    @Test
    void everyDocumentedOperationHasARouteToItsFunctionAndEveryRouteIsDocumented() throws IOException {
        assertEquals(documentedOperations(), deployedRoutes(),
                "the operations the function jars document (expected) and the API Gateway routes to them (actual)");
    }

    /** Route key -> the function its integration invokes, from the synthesized template. */
    private Map<String, GatewayFunction> deployedRoutes() {
        Map<String, GatewayFunction> byLogicalId = new TreeMap<>();
        for (GatewayFunction function : GatewayFunction.values()) {
            byLogicalId.put(SynthesizedDevApp.logicalId(dev.stacks.stateless().function(function)), function);
        }
        Map<String, GatewayFunction> routes = new TreeMap<>();
        dev.statelessJson.routeTargets().forEach((key, functionId) -> routes.put(key, byLogicalId.get(functionId)));
        return routes;
    }

    /** Operation ("METHOD /path") -> the function, from the document in each HTTP function's deployed jar. */
    private Map<String, GatewayFunction> documentedOperations() throws IOException {
        Map<String, GatewayFunction> operations = new TreeMap<>();
        for (GatewayFunction function : GatewayFunction.values()) {
            if (!function.handler().equals(Handlers.API_GATEWAY)) {
                continue;
            }
            Set<String> documented = operationsIn(dev.jars.require(function), function.module());
            assertFalse(documented.isEmpty(), function + " documents no operation");
            for (String operation : documented) {
                GatewayFunction other = operations.put(operation, function);
                assertTrue(other == null, operation + " is documented by both " + other + " and " + function);
            }
        }
        return operations;
    }

    private static Set<String> operationsIn(Path jar, String module) throws IOException {
        String name = "META-INF/swagger/" + module + ".yml";
        try (JarFile file = new JarFile(jar.toFile())) {
            ZipEntry entry = file.getEntry(name);
            assertNotNull(entry, jar + " holds no " + name + ": the build did not generate its OpenAPI document");
            try (InputStream in = file.getInputStream(entry)) {
                Map<String, Object> root = new Yaml().load(in);
                Set<String> operations = new TreeSet<>();
                map(root.get("paths")).forEach((path, item) -> map(item).keySet().stream()
                        .filter(METHODS::contains)
                        .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
                return operations;
            }
        }
    }
}
