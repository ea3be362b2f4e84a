package dev.wagateway.openapicheck;

import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpMethod;
import io.micronaut.json.JsonMapper;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * A function's OpenAPI document as the build generated it ({@code META-INF/swagger/<function>.yml} on
 * the classpath), and the checks of it against what the running function really does: its routes,
 * the JSON its mapper writes, and its answers.
 */
public final class OpenApiDocument {

    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String API_KEY_SCHEME = "api_key";
    private static final String SCHEMA_REF_PREFIX = "#/components/schemas/";
    private static final String PROBLEM_REF = SCHEMA_REF_PREFIX + "Problem";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace");
    private static final Set<Integer> API_KEY_STATUSES = Set.of(401, 403, 429);

    private final String resource;
    private final Map<String, Object> root;

    private OpenApiDocument(String resource, Map<String, Object> root) {
        this.resource = resource;
        this.root = root;
    }

    /** The document of a function, by its artifact id (for example {@code upsert-contact}). */
    public static OpenApiDocument of(String function) {
        String resource = "META-INF/swagger/" + function + ".yml";
        try (InputStream in = OpenApiDocument.class.getClassLoader().getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the classpath: the build did not generate it");
            return new OpenApiDocument(resource, new Yaml().load(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Map<String, Object> root() {
        return root;
    }

    /** Every operation as {@code METHOD /path}, for example {@code GET /v1/contacts/{ref}}. */
    public Set<String> operations() {
        return operationMap().keySet();
    }

    /** An operation by its {@code METHOD /path}. */
    public Map<String, Object> operation(String key) {
        Map<String, Object> operation = operationMap().get(key);
        assertNotNull(operation, resource + " has no operation " + key);
        return operation;
    }

    /** The error statuses (400 and above) each operation documents. */
    public Map<String, Set<Integer>> problemStatuses() {
        Map<String, Set<Integer>> statuses = new TreeMap<>();
        operationMap().forEach((key, operation) -> statuses.put(key, responses(operation).keySet().stream()
                .map(Integer::valueOf).filter(status -> status >= 400).collect(Collectors.toCollection(TreeSet::new))));
        return statuses;
    }

    /**
     * The routes the application registered, in the form of {@link #operations()}; without the HEAD route
     * Micronaut adds to each GET route, which the document leaves implicit as HTTP does.
     */
    public static Set<String> routes(Router router) {
        List<UriRouteInfo<?, ?>> routes = router.uriRoutes().toList();
        Set<String> getMethods = routes.stream().filter(route -> route.getHttpMethod() == HttpMethod.GET)
                .map(OpenApiDocument::javaMethod).collect(Collectors.toSet());
        return routes.stream()
                .filter(route -> route.getHttpMethod() != HttpMethod.HEAD || !getMethods.contains(javaMethod(route)))
                .map(OpenApiDocument::key)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The document has exactly the application's routes (for a function without API keys, so without scopes). */
    public void assertDocumentsRoutesOf(Router router) {
        assertEquals(routes(router), operations(), resource + " documents other routes than the application has");
    }

    /**
     * The document has exactly the application's routes (a route added without being documented, or a
     * documented one that is gone, fails), and each route's description names the scope that
     * {@code scopeAnnotation} (the route's required scope, by its {@code value}) puts on it.
     */
    public void assertDocumentsRoutesOf(Router router, String scopeAnnotation) {
        assertDocumentsRoutesOf(router);
        boolean anyV1 = false;
        boolean anyScope = false;
        for (UriRouteInfo<?, ?> route : router.uriRoutes().filter(route -> route.getHttpMethod() != HttpMethod.HEAD).toList()) {
            anyV1 |= key(route).contains(" /v1/");
            Optional<String> scope = route.getAnnotationMetadata().stringValue(scopeAnnotation);
            anyScope |= scope.isPresent();
            scope.ifPresent(required -> {
                Object description = operation(key(route)).get("description");
                assertTrue(description instanceof String text && text.contains("Scope `" + required + "`"),
                        key(route) + " needs the scope " + required + " but its description does not say so: " + description);
            });
        }
        // Named, not a class (a function without API keys does not have it): a rename must not silence the check.
        assertTrue(!anyV1 || anyScope, "no /v1 route carries " + scopeAnnotation + ": was it renamed?");
    }

    /**
     * Every {@code /v1} operation needs the bearer API key and nothing else, and the scheme is HTTP
     * bearer; every other operation (the webhook: Meta's signature) needs none. Nothing is required
     * document-wide, so no operation inherits a requirement it does not state.
     */
    public void assertApiKeyOnV1Only() {
        assertTrue(!root.containsKey("security") || list(root.get("security")).isEmpty(),
                resource + " must not require security document-wide: " + root.get("security"));
        boolean anyV1 = false;
        for (Map.Entry<String, Map<String, Object>> entry : operationMap().entrySet()) {
            List<Object> security = entry.getValue().containsKey("security") ? list(entry.getValue().get("security")) : List.of();
            if (entry.getKey().contains(" /v1/")) {
                anyV1 = true;
                assertEquals(List.of(Map.of(API_KEY_SCHEME, List.of())), security,
                        entry.getKey() + " must require exactly the API key");
            } else {
                assertEquals(List.of(), security, entry.getKey() + " is not behind the API key and must say so");
            }
        }
        Map<String, Object> schemes = map(map(root.getOrDefault("components", Map.of())).getOrDefault("securitySchemes", Map.of()));
        if (anyV1) {
            Map<String, Object> scheme = map(schemes.get(API_KEY_SCHEME));
            assertEquals("http", scheme.get("type"), "the API key scheme");
            assertEquals("bearer", scheme.get("scheme"), "the API key scheme");
        } else {
            assertTrue(schemes.isEmpty(), resource + " declares security schemes that nothing uses: " + schemes.keySet());
        }
    }

    /**
     * Every error answer is documented as {@code application/problem+json} with the {@code Problem}
     * schema (and only that), no success answer is, and every {@code /v1} operation lists the 401, 403 and
     * 429 of the API key.
     */
    public void assertProblemAnswers() {
        assertTrue(schemas().containsKey("Problem"), resource + " has no Problem schema");
        operationMap().forEach((key, operation) -> {
            Map<String, Object> responses = responses(operation);
            responses.forEach((status, response) -> {
                Map<String, Object> content = map(map(response).getOrDefault("content", Map.of()));
                if (Integer.parseInt(status) >= 400) {
                    assertEquals(Set.of(PROBLEM_JSON), content.keySet(), key + " " + status + " must be a problem");
                    assertEquals(PROBLEM_REF, map(map(content.get(PROBLEM_JSON)).get("schema")).get("$ref"),
                            key + " " + status + " must be the Problem schema");
                } else {
                    assertTrue(!content.containsKey(PROBLEM_JSON), key + " " + status + " is a success, not a problem");
                }
            });
            if (key.contains(" /v1/")) {
                assertTrue(problemStatuses().get(key).containsAll(API_KEY_STATUSES),
                        key + " must list the API key's " + API_KEY_STATUSES + ": " + problemStatuses().get(key));
            }
        });
    }

    /**
     * The property names of each schema equal the JSON keys that {@code json} (the application's mapper)
     * writes for a real instance, nested schemas included, and each schema's {@code required} names are
     * among them. {@code examples} maps a schema name to an instance with every member set (null and
     * empty members are left out of the JSON); every object schema of the document must be reached from
     * them, so a body type added later cannot go unchecked.
     */
    public void assertSchemasMatchJson(JsonMapper json, Map<String, Object> examples) {
        Set<String> reached = new TreeSet<>();
        List<String> mismatches = new ArrayList<>();
        examples.forEach((schema, example) -> compare(schema, toJson(json, example), schema, reached, mismatches));
        assertEquals(List.of(), mismatches, resource + ": schemas that differ from the JSON actually written");
        Set<String> objectSchemas = schemas().entrySet().stream()
                .filter(entry -> map(entry.getValue()).containsKey("properties"))
                .map(Map.Entry::getKey)
                .collect(Collectors.toCollection(TreeSet::new));
        objectSchemas.removeAll(reached);
        assertEquals(Set.of(), objectSchemas, resource + ": schemas no example reaches");
    }

    /**
     * Asks every {@code /v1} operation of the function listening at {@code server}, once without an API
     * key and once with {@code foreignAuthorization} (a key without any of the function's scopes): the
     * answers must be the problems 401 and 403 the document lists for that operation.
     */
    public void assertRefusals(URI server, String foreignAuthorization) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        for (String key : operations()) {
            if (!key.contains(" /v1/")) {
                continue;
            }
            Set<Integer> documented = problemStatuses().get(key);
            int anonymous = ask(client, server, key, null);
            int foreign = ask(client, server, key, foreignAuthorization);
            assertEquals(List.of(401, 403), List.of(anonymous, foreign), key + " without a key, then with a foreign key");
            assertTrue(documented.containsAll(Set.of(anonymous, foreign)), key + " answered statuses it does not document");
        }
    }

    private int ask(HttpClient client, URI server, String key, String authorization) {
        String method = key.substring(0, key.indexOf(' '));
        String path = key.substring(key.indexOf(' ') + 1).replaceAll("\\{[^}]+}", "probe");
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, method.equals("POST") || method.equals("PUT")
                        ? HttpRequest.BodyPublishers.ofString("{}") : HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        try {
            HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            assertTrue(contentType.startsWith(PROBLEM_JSON), key + " answered " + response.statusCode() + " as " + contentType);
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            response.headers().map().forEach((name, values) -> headers.put(name, String.join(",", values)));
            DocumentedAnswers.onClasspath().check(method, path, response.statusCode(), headers, response.body());
            return response.statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void compare(String schemaName, Object value, String path, Set<String> reached, List<String> mismatches) {
        Map<String, Object> schema = map(schemas().get(schemaName));
        if (schema.isEmpty()) {
            mismatches.add(path + ": no schema " + schemaName);
            return;
        }
        reached.add(schemaName);
        if (!(value instanceof Map<?, ?> object)) {
            mismatches.add(path + ": the JSON is not an object but " + value);
            return;
        }
        Map<String, Object> properties = map(schema.getOrDefault("properties", Map.of()));
        Set<String> keys = object.keySet().stream().map(String::valueOf).collect(Collectors.toCollection(TreeSet::new));
        if (!keys.equals(new TreeSet<>(properties.keySet()))) {
            mismatches.add(path + " (" + schemaName + "): schema " + new TreeSet<>(properties.keySet()) + ", JSON " + keys);
        }
        for (Object required : list(schema.getOrDefault("required", List.of()))) {
            if (!properties.containsKey(String.valueOf(required))) {
                mismatches.add(path + " (" + schemaName + "): required " + required + " is not a property");
            }
        }
        properties.forEach((name, property) -> {
            Object member = object.get(name);
            String ref = ref(map(property));
            if (ref != null && member != null) {
                compare(ref, member, path + "." + name, reached, mismatches);
            }
            String itemRef = ref(map(map(property).getOrDefault("items", Map.of())));
            if (itemRef != null && member instanceof List<?> items) {
                for (int i = 0; i < items.size(); i++) {
                    compare(itemRef, items.get(i), path + "." + name + "[" + i + "]", reached, mismatches);
                }
            }
        });
    }

    /** The schema a property refers to, directly or (when nullable) through {@code allOf}. */
    private static String ref(Map<String, Object> property) {
        Object ref = property.get("$ref");
        if (ref == null && property.get("allOf") instanceof List<?> allOf && allOf.size() == 1) {
            ref = map(allOf.getFirst()).get("$ref");
        }
        if (ref == null) {
            return null;
        }
        String text = ref.toString();
        if (!text.startsWith(SCHEMA_REF_PREFIX)) {
            fail("unexpected reference " + text);
        }
        return text.substring(SCHEMA_REF_PREFIX.length());
    }

    private static Object toJson(JsonMapper json, Object example) {
        try {
            return json.readValue(json.writeValueAsBytes(example), Argument.OBJECT_ARGUMENT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Map<String, Object>> operationMap() {
        Map<String, Map<String, Object>> operations = new TreeMap<>();
        map(root.getOrDefault("paths", Map.of())).forEach((path, item) -> map(item).forEach((method, operation) -> {
            if (METHODS.contains(method)) {
                operations.put(method.toUpperCase(Locale.ROOT) + " " + path, map(operation));
            }
        }));
        return operations;
    }

    private Map<String, Object> schemas() {
        return map(map(root.getOrDefault("components", Map.of())).getOrDefault("schemas", Map.of()));
    }

    private static Map<String, Object> responses(Map<String, Object> operation) {
        return map(operation.getOrDefault("responses", Map.of()));
    }

    private static String javaMethod(UriRouteInfo<?, ?> route) {
        return route.getTargetMethod().getDeclaringType().getName() + "#" + route.getTargetMethod().getMethodName()
                + Arrays.toString(route.getTargetMethod().getArgumentTypes());
    }

    private static String key(UriRouteInfo<?, ?> route) {
        // A route variable may carry a pattern ({phone:[^/]+}); OpenAPI paths name the variable only.
        String path = route.getUriMatchTemplate().toPathString().replaceAll("\\{(\\w+):[^}]*}", "{$1}");
        return route.getHttpMethodName() + " " + path;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw new AssertionError("expected a YAML mapping but found " + value);
        }
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((k, v) -> copy.put(String.valueOf(k), v));
        return copy;
    }

    private static List<Object> list(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new AssertionError("expected a YAML sequence but found " + value);
        }
        return new ArrayList<>(list);
    }
}
