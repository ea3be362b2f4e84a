package dev.wagateway.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.openapicheck.DocumentedAnswers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every operation of the combined OpenAPI document, called over real HTTP on the local server with a
 * deterministic (fixed seed) set of valid, malformed and edge-case requests, as a document-driven fuzzer
 * would: wrong types, boundary numbers, huge strings, unicode and NUL, missing and extra fields, wrong
 * content types, odd path segments, no or bad authentication. Every answer must be documented
 * ({@link DocumentedAnswers}: its status for the operation, its body against the schema), no answer may
 * be a 500 (nor a 503 the document does not give), and every error is problem+json. All failures are
 * gathered and reported together (one line per operation, status and difference) so one run shows them all.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiFuzzTest {

    private static final long SEED = 20261202L;
    /** Cases per operation beyond the fixed ones: a few dozen, so the whole run stays within the CI budget. */
    private static final int CASES_PER_OPERATION = 36;
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String HUGE = "x".repeat(70_000);
    private static final List<String> ODD_SEGMENTS = List.of("0", "-1", "99999999999999999999999999", "%00", "a%00b",
            "%F0%9F%98%80", "%C3%28", "%E2%80%AE", "..", "%2E%2E", "%2F", "a%2Fb", "%25", "%20", "null", "true",
            "'%20OR%201=1--", "%3Cscript%3E", "x".repeat(3000), "01JAAAAAAAAAAAAAAAAAAAAAAA", "00000000-0000-0000-0000-000000000000",
            "%2B", "+1", "1e309", "NaN");
    private static final List<String> ODD_QUERY_VALUES = List.of("", "-1", "0", "2147483648", "9223372036854775808",
            "-9223372036854775809", "1e309", "NaN", "0.5", "abc", "%00", "%F0%9F%98%80", "%C3%28", "x".repeat(5000),
            "true", "null", "%5B%5D", "2026-13-45T99:99:99Z", "%2B", "*");

    @TempDir
    static Path home;

    private LocalServer server;
    private DocumentedAnswers answers;
    private Map<String, Object> document;
    private final Map<String, String> failures = new TreeMap<>();
    private int requests;
    private final Map<Integer, Integer> statuses = new TreeMap<>();

    @BeforeAll
    void start() throws IOException {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        server = LocalServer.start(new LocalServer.Options(database, Calls.freePort(), false, home.resolve("local-api-key")));
        // One key sends every case: at the default limit per minute the fuzz would mostly meet 429s.
        new Sql(database).execute("UPDATE api_keys SET rate_limit = 1000000");
        answers = DocumentedAnswers.onClasspath();
        assertNotNull(answers, "the combined document is on the test classpath");
        try (InputStream in = getClass().getResourceAsStream("/META-INF/swagger/" + "wa-gateway.yml")) {
            assertNotNull(in, "META-INF/swagger/wa-gateway.yml");
            document = new Yaml().load(in);
        }
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void everyOperationAnswersOnlyWhatItsDocumentSays() {
        Instant started = Instant.now();
        int operations = 0;
        for (Map.Entry<String, Object> path : map(document.get("paths")).entrySet()) {
            Map<String, Object> item = map(path.getValue());
            for (Map.Entry<String, Object> method : item.entrySet()) {
                if (METHODS.contains(method.getKey())) {
                    operations++;
                    fuzz(path.getKey(), method.getKey().toUpperCase(), map(method.getValue()), list(item.get("parameters")));
                }
            }
        }
        System.out.printf("ApiFuzzTest: %d operations, %d requests in %s, answers by status %s, %d distinct failures%n",
                operations, requests, Duration.between(started, Instant.now()), statuses, failures.size());
        assertTrue(operations > 20, "the combined document has the whole API: " + operations);
        if (!failures.isEmpty()) {
            fail(failures.size() + " distinct failures:\n" + String.join("\n", failures.values()));
        }
    }

    // ---- one operation ----

    private void fuzz(String template, String method, Map<String, Object> operation, List<Object> pathLevelParameters) {
        Random random = new Random(SEED ^ (method + " " + template).hashCode());
        List<Map<String, Object>> parameters = new ArrayList<>();
        for (Object parameter : pathLevelParameters) {
            parameters.add(resolve(map(parameter)));
        }
        for (Object parameter : list(operation.get("parameters"))) {
            parameters.add(resolve(map(parameter)));
        }
        Map<String, Object> bodySchema = null;
        String bodyType = null;
        Map<String, Object> content = map(map(resolve(map(operation.get("requestBody")))).get("content"));
        if (!content.isEmpty()) {
            bodyType = content.containsKey("application/json") ? "application/json" : content.keySet().iterator().next();
            bodySchema = map(map(content.get(bodyType)).get("schema"));
        }
        boolean secured = !(operation.containsKey("security") ? list(operation.get("security")) : list(document.get("security"))).isEmpty();

        Case valid = new Case(method, template, bodyType);
        for (Map<String, Object> parameter : parameters) {
            Object value = plausible(schema(parameter), String.valueOf(parameter.get("name")), 0);
            if (value == null) {
                continue;
            }
            String in = String.valueOf(parameter.get("in"));
            boolean required = Boolean.TRUE.equals(parameter.get("required")) || "path".equals(in);
            if (required || random.nextBoolean()) {
                valid.set(in, String.valueOf(parameter.get("name")), scalar(value));
            }
        }
        if (bodySchema != null && "application/json".equals(bodyType)) {
            valid.body = json(plausible(bodySchema, "body", 0));
        } else if (bodyType != null) {
            valid.body = "file";
        }

        List<Case> fixed = new ArrayList<>();
        List<Case> cases = new ArrayList<>();
        fixed.add(valid);
        if (secured) {
            fixed.add(valid.with(c -> c.auth = null));
            cases.add(valid.with(c -> c.auth = "Bearer wak_not-a-key"));
            cases.add(valid.with(c -> c.auth = "Basic dXNlcjpwYXNz"));
            cases.add(valid.with(c -> c.auth = "Bearer " + "A".repeat(5000)));
        }
        for (Map<String, Object> parameter : parameters) {
            String in = String.valueOf(parameter.get("in"));
            String name = String.valueOf(parameter.get("name"));
            switch (in) {
                case "path" -> {
                    for (String odd : ODD_SEGMENTS) {
                        cases.add(valid.with(c -> c.path.put(name, odd)));
                    }
                }
                case "query" -> {
                    for (String odd : ODD_QUERY_VALUES) {
                        cases.add(valid.with(c -> c.query.put(name, odd)));
                    }
                    cases.add(valid.with(c -> c.query.remove(name)));
                    cases.add(valid.with(c -> c.repeatQuery = name));
                    for (Object e : list(schema(parameter).get("enum"))) {
                        cases.add(valid.with(c -> c.query.put(name, encode(String.valueOf(e).toUpperCase() + "_"))));
                    }
                }
                case "header" -> {
                    if (!name.equalsIgnoreCase("X-Hub-Signature-256")) {
                        for (String odd : List.of("", "x".repeat(4000), "-1", "%00", "\t", "ünïcode".replaceAll("[^\\x20-\\x7e]", "?"))) {
                            cases.add(valid.with(c -> c.headers.put(name, odd)));
                        }
                    }
                }
                default -> {
                }
            }
        }
        if (bodyType != null) {
            for (String raw : List.of("", "null", "[]", "{}", "\"text\"", "42", "{", "{\"a\":", "not json", "{\"a\":1}}",
                    "[".repeat(5000) + "]".repeat(5000), "{\"a\":\"\u0000\"}", "\uFEFF{}", "{\"__proto__\":{}}")) {
                cases.add(valid.with(c -> c.body = raw));
            }
            cases.add(valid.with(c -> c.body = null));
            cases.add(valid.with(c -> c.contentType = "text/plain"));
            cases.add(valid.with(c -> c.contentType = "application/xml"));
            cases.add(valid.with(c -> c.contentType = "application/x-www-form-urlencoded"));
            cases.add(valid.with(c -> c.contentType = null));
            cases.add(valid.with(c -> c.contentType = "application/json; charset=ISO-8859-1"));
        }
        if (bodySchema != null && "application/json".equals(bodyType) && valid.body != null) {
            mutations(bodySchema, valid, cases);
        }
        cases.add(valid.with(c -> c.extraQuery = "unknown=%00&" + "z".repeat(10) + "=" + "y".repeat(3000)));

        Collections.shuffle(cases, random);
        List<Case> chosen = new ArrayList<>(fixed);
        chosen.addAll(cases.subList(0, Math.min(CASES_PER_OPERATION, cases.size())));
        for (Case c : chosen) {
            send(c);
        }
    }

    /** The body with one thing wrong at a time: each field missing, of another type, at a boundary, or one too many. */
    private void mutations(Map<String, Object> bodySchema, Case valid, List<Case> cases) {
        JsonNode node;
        try {
            node = JSON.readTree(valid.body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        if (!(node instanceof com.fasterxml.jackson.databind.node.ObjectNode object)) {
            return;
        }
        List<Object> edgeValues = List.of(0, -1, 2147483648L, new java.math.BigInteger("9223372036854775808"),
                new java.math.BigDecimal("1e400"), 0.5, -0.0, "", " ", HUGE, "\u0000", "a\u0000b", "\uD83D\uDE00\u202E\u0301",
                "\uD800", true, List.of(), Map.of(), List.of(Map.of()), "2026-02-30T25:61:00Z", "+", "<>&'\"");
        Map<String, Object> schema = resolve(bodySchema);
        Set<String> fields = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(fields::add);
        fields.addAll(map(schema.get("properties")).keySet());
        for (String field : fields) {
            cases.add(withBody(valid, object, o -> o.remove(field)));
            cases.add(withBody(valid, object, o -> o.putNull(field)));
            for (Object edge : edgeValues) {
                cases.add(withBody(valid, object, o -> o.set(field, JSON.valueToTree(edge))));
            }
            JsonNode value = object.get(field);
            if (value != null && value.isObject()) {
                Set<String> inner = new LinkedHashSet<>();
                value.fieldNames().forEachRemaining(inner::add);
                for (String innerField : inner) {
                    cases.add(withBody(valid, object, o -> ((com.fasterxml.jackson.databind.node.ObjectNode) o.get(field)).remove(innerField)));
                    for (Object edge : List.of(-1, HUGE, "\u0000", List.of(), Map.of(), 9.99e300)) {
                        cases.add(withBody(valid, object, o -> ((com.fasterxml.jackson.databind.node.ObjectNode) o.get(field))
                                .set(innerField, JSON.valueToTree(edge))));
                    }
                }
            }
            if (value != null && value.isArray()) {
                cases.add(withBody(valid, object, o -> {
                    com.fasterxml.jackson.databind.node.ArrayNode many = o.putArray(field);
                    for (int i = 0; i < 2000; i++) {
                        many.add(value.isEmpty() ? JSON.nullNode() : value.get(0));
                    }
                }));
            }
        }
        cases.add(withBody(valid, object, o -> o.put("unexpected", "field")));
        cases.add(withBody(valid, object, o -> o.removeAll()));
    }

    private static Case withBody(Case valid, com.fasterxml.jackson.databind.node.ObjectNode object,
                                 Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
        com.fasterxml.jackson.databind.node.ObjectNode copy = object.deepCopy();
        change.accept(copy);
        return valid.with(c -> c.body = copy.toString());
    }

    // ---- sending and checking ----

    private void send(Case c) {
        String target = c.target();
        HttpRequest.Builder request;
        try {
            request = HttpRequest.newBuilder(URI.create(server.url() + target)).timeout(Duration.ofSeconds(15))
                    .method(c.method, c.body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(c.body, StandardCharsets.UTF_8));
            if (c.auth != null) {
                request.header("Authorization", c.auth.replace("$KEY", server.apiKey()));
            }
            if (c.body != null && c.contentType != null) {
                request.header("Content-Type", c.contentType);
            }
            if (c.hubSignature && c.body != null) {
                request.header("X-Hub-Signature-256", Calls.sign(c.body, server.appSecret()));
            }
            c.headers.forEach((name, value) -> {
                if (!value.isEmpty()) {
                    request.header(name, value);
                }
            });
        } catch (IllegalArgumentException unsendable) {
            // A URI or header value the JDK client refuses to send is not a case for the server.
            return;
        }
        requests++;
        HttpResponse<String> response;
        try {
            response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            record(c, "timeout", "no answer within 15 s", target, "");
            return;
        } catch (IOException e) {
            record(c, "io", "connection failed: " + e, target, "");
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        int status = response.statusCode();
        statuses.merge(status, 1, Integer::sum);
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        response.headers().map().forEach((name, values) -> headers.put(name, String.join(",", values)));
        String body = response.body();
        if (status >= 500 && status != 503) {
            record(c, String.valueOf(status), "a " + status + " answer", target, body);
        }
        for (String problem : answers.problems(c.method, target, status, headers, body)) {
            record(c, String.valueOf(status), problem, target, body);
        }
        if (status >= 400) {
            String type = headers.getOrDefault("Content-Type", "");
            if (!type.startsWith("application/problem+json")) {
                record(c, String.valueOf(status), "error answered as '" + type + "', not application/problem+json", target, body);
            } else {
                try {
                    JsonNode problem = JSON.readTree(body);
                    if (!problem.path("type").isTextual() || problem.path("status").asInt() != status) {
                        record(c, String.valueOf(status), "problem without a type or with another status", target, body);
                    }
                } catch (IOException e) {
                    record(c, String.valueOf(status), "problem+json body is not JSON", target, body);
                }
            }
        }
    }

    private void record(Case c, String status, String problem, String target, String body) {
        String key = c.method + " " + c.template + " -> " + status + ": " + problem.replaceAll("\\d{3,}", "N");
        failures.putIfAbsent(key, "- " + key + "\n    e.g. " + c.method + " " + abbreviate(target, 300)
                + (c.body == null ? "" : " body " + abbreviate(c.body, 300)) + " [" + c.contentType + ", auth "
                + (c.auth == null ? "none" : c.auth.startsWith("Bearer $KEY") ? "key" : "bad") + "]\n    answer: " + abbreviate(body, 400));
    }

    private static String abbreviate(String text, int length) {
        String oneLine = text.replace("\n", " ");
        return oneLine.length() <= length ? oneLine : oneLine.substring(0, length) + "...(" + oneLine.length() + ")";
    }

    // ---- values from the schemas ----

    /** A value the schema likely accepts, so that the mutations each test one thing. */
    private Object plausible(Map<String, Object> raw, String name, int depth) {
        Map<String, Object> schema = resolve(raw);
        if (schema.containsKey("example")) {
            return schema.get("example");
        }
        if (schema.containsKey("default")) {
            return schema.get("default");
        }
        if (!list(schema.get("enum")).isEmpty()) {
            return list(schema.get("enum")).getFirst();
        }
        for (String choice : List.of("oneOf", "anyOf")) {
            if (!list(schema.get(choice)).isEmpty()) {
                return plausible(map(list(schema.get(choice)).getFirst()), name, depth);
            }
        }
        if (!list(schema.get("allOf")).isEmpty()) {
            Map<String, Object> merged = new LinkedHashMap<>();
            for (Object part : list(schema.get("allOf"))) {
                if (plausible(map(part), name, depth) instanceof Map<?, ?> m) {
                    m.forEach((k, v) -> merged.put(String.valueOf(k), v));
                }
            }
            return merged;
        }
        String type = String.valueOf(schema.getOrDefault("type", schema.containsKey("properties") ? "object" : "string"));
        String lower = name.toLowerCase();
        return switch (type) {
            case "integer" -> schema.containsKey("minimum") ? schema.get("minimum") : 1;
            case "number" -> schema.containsKey("minimum") ? schema.get("minimum") : 1.5;
            case "boolean" -> true;
            case "array" -> depth > 4 ? List.of() : List.of(plausible(map(schema.get("items")), name, depth + 1));
            case "object" -> {
                Map<String, Object> object = new LinkedHashMap<>();
                if (depth <= 4) {
                    map(schema.get("properties")).forEach((property, value) ->
                            object.put(property, plausible(map(value), property, depth + 1)));
                }
                yield object;
            }
            default -> {
                String format = String.valueOf(schema.get("format"));
                if (format.equals("date-time")) {
                    yield "2026-12-01T10:00:00Z";
                } else if (format.equals("uri") || lower.contains("url")) {
                    yield "https://hooks.example.com/wa";
                } else if (format.equals("uuid")) {
                    yield "0190f3a2-7c1e-7d2a-9b1e-3c4d5e6f7a8b";
                } else if (lower.contains("phone") || lower.equals("to")) {
                    yield "+12125550101";
                } else if (lower.contains("email")) {
                    yield "ana@example.com";
                } else if (lower.contains("language")) {
                    yield "en_US";
                }
                int min = schema.get("minLength") instanceof Number n ? n.intValue() : 1;
                yield "fuzz" + "a".repeat(Math.max(0, min - 4));
            }
        };
    }

    private Map<String, Object> schema(Map<String, Object> parameter) {
        return resolve(map(parameter.get("schema")));
    }

    private Map<String, Object> resolve(Map<String, Object> node) {
        Map<String, Object> current = node;
        for (int i = 0; i < 10 && current.get("$ref") instanceof String ref; i++) {
            Object target = document;
            for (String part : ref.substring(2).split("/")) {
                target = map(target).get(part);
            }
            current = map(target);
        }
        return current;
    }

    private static String scalar(Object value) {
        return encode(value instanceof Map<?, ?> || value instanceof List<?> ? json(value) : String.valueOf(value));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of();
    }

    /** One request: path and query values are sent as they are here (already percent-encoded). */
    private static final class Case {
        final String method;
        final String template;
        final Map<String, String> path = new LinkedHashMap<>();
        final Map<String, String> query = new LinkedHashMap<>();
        final Map<String, String> headers = new LinkedHashMap<>();
        String body;
        String contentType;
        String auth = "Bearer $KEY";
        String repeatQuery;
        String extraQuery;
        boolean hubSignature;

        Case(String method, String template, String bodyType) {
            this.method = method;
            this.template = template;
            this.contentType = bodyType;
        }

        void set(String in, String name, String value) {
            switch (in) {
                case "path" -> path.put(name, value);
                case "query" -> query.put(name, value);
                case "header" -> {
                    if (name.equalsIgnoreCase("X-Hub-Signature-256")) {
                        hubSignature = true;
                    } else {
                        headers.put(name, java.net.URLDecoder.decode(value, StandardCharsets.UTF_8));
                    }
                }
                default -> {
                }
            }
        }

        Case with(Consumer<Case> change) {
            Case copy = new Case(method, template, contentType);
            copy.path.putAll(path);
            copy.query.putAll(query);
            copy.headers.putAll(headers);
            copy.body = body;
            copy.auth = auth;
            copy.repeatQuery = repeatQuery;
            copy.extraQuery = extraQuery;
            copy.hubSignature = hubSignature;
            change.accept(copy);
            return copy;
        }

        String target() {
            String target = template;
            for (Map.Entry<String, String> value : path.entrySet()) {
                target = target.replace("{" + value.getKey() + "}", value.getValue());
            }
            List<String> pairs = new ArrayList<>();
            query.forEach((name, value) -> pairs.add(encode(name) + "=" + value));
            if (repeatQuery != null && query.containsKey(repeatQuery)) {
                pairs.add(encode(repeatQuery) + "=" + query.get(repeatQuery));
            }
            if (extraQuery != null) {
                pairs.add(extraQuery);
            }
            return pairs.isEmpty() ? target : target + "?" + String.join("&", pairs);
        }
    }
}
