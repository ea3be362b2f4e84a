package dev.wagateway.openapicheck;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Run by the build right after a function's document is generated from its code (see the root pom's
 * {@code openapi} profile): applies, in one place, what every route of the API does but the generator
 * cannot see in a controller, and what the generator writes in a way the document's readers (Redocly,
 * Spectral, the request validator, a fuzzer) take differently from the code:
 * <ul>
 * <li>the answers every route may give: 500 {@code internal-error}; 400 {@code validation-failed} on
 *     {@code /v1} (text that cannot be stored, in any query parameter or path segment); 413 where a body is
 *     read, and 415 where {@code /v1} reads JSON;</li>
 * <li>the headers of the answers: {@code X-Correlation-Id} on each, the {@code RateLimit-*} of the API key
 *     on {@code /v1}, {@code Retry-After} on 429 and 503, {@code WWW-Authenticate} on 401;</li>
 * <li>a Jakarta {@code @Pattern} matches the whole value, an OpenAPI {@code pattern} any part of it: an
 *     alternation of words becomes an {@code enum}, every other pattern is anchored;</li>
 * <li>a {@code Map<String, Object>} (values free) is written as a map of objects: its values become free;</li>
 * <li>{@code nullable} beside a lone {@code allOf} gets the {@code type} OpenAPI 3.0 needs beside it;</li>
 * <li>servers, a contact and one tag per function; an example on every request and answer.</li>
 * </ul>
 * Usage: {@code DocumentFinisher <document.yml> <function>}; rewrites the file in place.
 */
public final class DocumentFinisher {

    static final String PROBLEM_TYPE_PREFIX = "urn:wa-gateway:problem:";
    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String PROBLEM_REF = "#/components/schemas/Problem";
    private static final String HEADER_REF = "#/components/headers/";
    private static final Pattern WORD_ALTERNATION = Pattern.compile("[a-z0-9][a-z0-9_-]*(\\|[a-z0-9][a-z0-9_-]*)+");
    private static final Pattern PROBLEM_NAME = Pattern.compile("`([a-z0-9-]+)`");
    private static final Set<String> PROBLEM_MEMBERS = Set.of("type", "title", "status", "detail", "errors", "correlation_id");
    private static final Map<String, String> PATTERN_EXAMPLES = Map.of(
            "^(?:[0-9]{1,32})$", "106540352242922",
            "^(?:[0-9]{1,64})$", "1234567890123456",
            "^(?:[a-z]{2,3}(_[A-Za-z0-9]{2,8})?)$", "en_US",
            "^(?:https://[^\\s]+)$", "https://example.com/picture.jpg");

    private final Map<String, Object> root;
    private final String function;
    private final Set<String> usedHeaders = new java.util.TreeSet<>();

    private DocumentFinisher(Map<String, Object> root, String function) {
        this.root = root;
        this.function = function;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            throw new IllegalArgumentException("usage: DocumentFinisher <document.yml> <function>");
        }
        Path file = Path.of(args[0]);
        Map<String, Object> root;
        try (InputStream in = Files.newInputStream(file)) {
            root = new Yaml().load(in);
        }
        Files.writeString(file, dump(finish(root, args[1])), StandardCharsets.UTF_8);
    }

    /** The document with the rules of the class comment applied. */
    public static Map<String, Object> finish(Map<String, Object> root, String function) {
        new DocumentFinisher(root, function).apply();
        return root;
    }

    static String dump(Map<String, Object> root) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setWidth(120);
        options.setSplitLines(false);
        return new Yaml(options).dump(root);
    }

    private void apply() {
        Map<String, Object> info = child(root, "info");
        // No license: the project states none (the lint configuration says so too).
        info.putIfAbsent("contact", new LinkedHashMap<>(Map.of("name", "The team that runs this gateway")));
        if (!(root.get("servers") instanceof List<?> servers) || servers.isEmpty()) {
            root.put("servers", servers());
        }
        String tag = function;
        root.put("tags", new ArrayList<>(List.of(new LinkedHashMap<>(Map.of("name", tag,
                "description", String.valueOf(info.getOrDefault("title", function)))))));
        Map<String, Object> components = child(root, "components");
        fixSchemas(components.get("schemas"));
        for (Map.Entry<String, Object> path : child(root, "paths").entrySet()) {
            for (Map.Entry<String, Object> entry : map(path.getValue()).entrySet()) {
                if (entry.getValue() instanceof Map<?, ?> operation && operation.containsKey("responses")) {
                    finishOperation(path.getKey(), cast(operation), tag);
                }
            }
        }
        // Only the headers some answer of this document names.
        Map<String, Object> headers = headers();
        headers.keySet().retainAll(usedHeaders);
        child(components, "headers").putAll(headers);
    }

    private void finishOperation(String path, Map<String, Object> operation, String tag) {
        operation.put("tags", new ArrayList<>(List.of(tag)));
        // Not behind the API key (the webhook: Meta's signature, checked in code): say so, rather than leave it unstated.
        operation.putIfAbsent("security", new ArrayList<>());
        if (operation.get("parameters") instanceof List<?> parameters) {
            parameters.forEach(parameter -> fixSchemas(map(parameter).get("schema")));
        }
        Map<String, Object> responses = child(operation, "responses");
        Map<String, Object> requestBody = map(operation.get("requestBody"));
        boolean v1 = path.startsWith("/v1/");
        // A route that takes an Idempotency-Key answers a replay with the first answer and Idempotent-Replayed.
        boolean idempotent = operation.get("parameters") instanceof List<?> named && named.stream()
                .anyMatch(parameter -> "Idempotency-Key".equals(map(parameter).get("name")) && "header".equals(map(parameter).get("in")));
        if (!requestBody.isEmpty()) {
            addProblem(responses, "413", "The body is too large (`payload-too-large`)");
            if (v1) {
                // The /v1 routes read JSON only; the webhook takes Meta's body whatever its Content-Type says.
                addProblem(responses, "415", "The body is not JSON (`unsupported-media-type`)");
            }
            for (Object media : map(requestBody.get("content")).values()) {
                addExample(map(media), null, true);
            }
        }
        if (v1) {
            // Every /v1 route refuses a path segment or query parameter (name or value) PostgreSQL cannot store
            // (StorableTextFilter), even one that takes nothing else a caller could get wrong.
            addProblem(responses, "400", "The request is not valid (`validation-failed`): each field named in `errors`");
        }
        addProblem(responses, "500", "An unexpected error (`internal-error`): its cause is logged, never shown");
        for (Map.Entry<String, Object> entry : responses.entrySet()) {
            int status = Integer.parseInt(entry.getKey());
            Map<String, Object> response = map(entry.getValue());
            Map<String, Object> headers = child(response, "headers");
            headers.put("X-Correlation-Id", headerRef("X-Correlation-Id"));
            if (v1 && status != 401 && status != 403) {
                // The API key's counts: on every answer after the key was counted (a 503 of an unreachable
                // database may come before); required where the answer proves it was counted.
                boolean counted = status < 300 || status == 429;
                for (String name : List.of("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")) {
                    headers.put(name, headerRef(counted ? name : name + "-Optional"));
                }
            }
            if (status == 429) {
                headers.put("Retry-After", headerRef("Retry-After"));
            } else if (status == 503) {
                headers.put("Retry-After", headerRef("Retry-After-Optional"));
            }
            if (status == 401) {
                headers.put("WWW-Authenticate", headerRef("WWW-Authenticate"));
            }
            if (status < 300 && idempotent) {
                headers.put("Idempotent-Replayed", headerRef("Idempotent-Replayed"));
            }
            for (Map.Entry<String, Object> media : map(response.get("content")).entrySet()) {
                Map<String, Object> mediaType = map(media.getValue());
                fixSchemas(mediaType.get("schema"));
                addExample(mediaType, PROBLEM_JSON.equals(media.getKey()) ? problemExample(status, response) : null, false);
            }
        }
    }

    private static void addProblem(Map<String, Object> responses, String status, String description) {
        if (responses.containsKey(status)) {
            return;
        }
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("description", description);
        response.put("content", new LinkedHashMap<>(Map.of(PROBLEM_JSON,
                new LinkedHashMap<>(Map.of("schema", new LinkedHashMap<>(Map.of("$ref", PROBLEM_REF)))))));
        responses.put(status, response);
    }

    private void addExample(Map<String, Object> mediaType, Object example, boolean request) {
        if (mediaType.containsKey("example") || mediaType.containsKey("examples") || !mediaType.containsKey("schema")) {
            return;
        }
        mediaType.put("example", example != null ? example : new ExampleWriter(root, request).example(map(mediaType.get("schema"))));
    }

    /** A problem as the route answers it: the type its description names in backquotes, else the status's. */
    private static Map<String, Object> problemExample(int status, Map<String, Object> response) {
        Matcher name = PROBLEM_NAME.matcher(String.valueOf(response.getOrDefault("description", "")));
        String named = null;
        while (named == null && name.find()) {
            // `errors` and the like name a member of the problem, not its type.
            named = PROBLEM_MEMBERS.contains(name.group(1)) ? null : name.group(1);
        }
        String type = named != null ? named : switch (status) {
            case 400 -> "validation-failed";
            case 404 -> "not-found";
            case 409 -> "conflict";
            case 422 -> "unprocessable";
            case 503 -> "service-unavailable";
            default -> "http-" + status;
        };
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", PROBLEM_TYPE_PREFIX + type);
        problem.put("title", String.valueOf(response.getOrDefault("description", type)).replaceAll("\\s*\\(`[^`]*`\\)", ""));
        problem.put("status", status);
        problem.put("detail", "What went wrong, for a person to read.");
        if (status == 400) {
            problem.put("errors", List.of(new LinkedHashMap<>(Map.of("field", "to", "message", "is not a phone number"))));
        }
        problem.put("correlation_id", "01JDQ8Z6Y3V4W5X6Y7Z8A9B0C1");
        return problem;
    }

    /** Walks a schema (and every schema inside it) applying the schema rules of the class comment. */
    private static void fixSchemas(Object node) {
        if (node instanceof List<?> list) {
            list.forEach(DocumentFinisher::fixSchemas);
            return;
        }
        if (!(node instanceof Map<?, ?> raw)) {
            return;
        }
        Map<String, Object> schema = cast(raw);
        if (schema.get("pattern") instanceof String pattern) {
            if (WORD_ALTERNATION.matcher(pattern).matches()) {
                schema.remove("pattern");
                schema.put("enum", new ArrayList<>(List.of(pattern.split("\\|"))));
            } else if (!pattern.startsWith("^")) {
                schema.put("pattern", "^(?:" + pattern + ")$");
            }
        }
        if (schema.get("additionalProperties") instanceof Map<?, ?> values
                && values.size() == 1 && "object".equals(values.get("type"))) {
            // Map<String, Object>: any JSON value.
            schema.put("additionalProperties", new LinkedHashMap<>());
        }
        if (Boolean.TRUE.equals(schema.get("nullable")) && schema.containsKey("allOf") && !schema.containsKey("type")) {
            schema.put("type", "object");
        }
        if (schema.get("pattern") instanceof String anchored && !schema.containsKey("example")) {
            String example = PATTERN_EXAMPLES.get(anchored);
            if (example == null) {
                throw new IllegalStateException("no example for the pattern " + anchored
                        + ": give its property an @Schema(example = ...) or add it to PATTERN_EXAMPLES");
            }
            schema.put("example", example);
        }
        schema.values().forEach(DocumentFinisher::fixSchemas);
    }

    private static List<Map<String, Object>> servers() {
        Map<String, Object> local = new LinkedHashMap<>();
        local.put("url", "http://localhost:8080");
        local.put("description", "The local run (scripts/run)");
        Map<String, Object> aws = new LinkedHashMap<>();
        aws.put("url", "https://{api_id}.execute-api.{region}.amazonaws.com");
        aws.put("description", "A deployment: API Gateway's address, as the CDK app prints it");
        aws.put("variables", new LinkedHashMap<>(Map.of(
                "api_id", new LinkedHashMap<>(Map.of("default", "abc123defg", "description", "the HTTP API's id")),
                "region", new LinkedHashMap<>(Map.of("default", "eu-west-1", "description", "its AWS region")))));
        return new ArrayList<>(List.of(local, aws));
    }

    private static Map<String, Object> headers() {
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("X-Correlation-Id", header("The request's correlation id (the caller's `X-Correlation-Id`, or a new one); "
                + "a problem repeats it as `correlation_id`, and every log line of the request carries it.", "string", true,
                "01JDQ8Z6Y3V4W5X6Y7Z8A9B0C1"));
        for (boolean required : List.of(true, false)) {
            String suffix = required ? "" : "-Optional";
            headers.put("RateLimit-Limit" + suffix, header("Requests the API key may make per minute.", "integer", required, 600));
            headers.put("RateLimit-Remaining" + suffix, header("Requests left in this minute.", "integer", required, 599));
            headers.put("RateLimit-Reset" + suffix, header("Seconds until the minute's count starts again.", "integer", required, 42));
        }
        headers.put("Retry-After", header("Seconds to wait before trying again.", "integer", true, 5));
        headers.put("Retry-After-Optional", header("Seconds to wait before trying again, when known.", "integer", false, 5));
        headers.put("WWW-Authenticate", header("How to authenticate: `Bearer` (an API key) on `/v1`, "
                + "`X-Hub-Signature-256` (Meta's signature of the body) on the webhook.", "string", true, "Bearer realm=\"wa-gateway\""));
        Map<String, Object> replayed = header("`true` when this is the stored answer to an earlier request with the same "
                + "`Idempotency-Key` and body; absent on a first answer.", "string", false, "true");
        map(replayed.get("schema")).put("enum", new ArrayList<>(List.of("true")));
        headers.put("Idempotent-Replayed", replayed);
        return headers;
    }

    private static Map<String, Object> header(String description, String type, boolean required, Object example) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("description", description);
        header.put("required", required);
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("type", type);
        if ("integer".equals(type)) {
            schema.put("minimum", 0);
        }
        header.put("schema", schema);
        header.put("example", example);
        return header;
    }

    private Map<String, Object> headerRef(String name) {
        usedHeaders.add(name);
        return new LinkedHashMap<>(Map.of("$ref", HEADER_REF + name));
    }

    static Map<String, Object> child(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        if (!(value instanceof Map<?, ?>)) {
            value = new LinkedHashMap<String, Object>();
            parent.put(key, value);
        }
        return cast(value);
    }

    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? cast(map) : new LinkedHashMap<>();
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> cast(Object value) {
        return (Map<String, Object>) value;
    }
}
