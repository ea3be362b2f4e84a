package dev.wagateway.openapicheck;

import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The whole API in one document, for clients that want one: every function's finished document (those
 * on the classpath) merged. The functions share schemas by name (Problem, pages): a name two functions
 * give different schemas, a route or an operationId two functions both have, stops the build, since one
 * of them would be lost or ambiguous in the merge.
 * <p>
 * Usage: {@code CombinedDocument <out.yml>}; run by the local module's build (which has every function on
 * its classpath), whose server answers it at {@code /openapi/wa-gateway.yml}.
 */
public final class CombinedDocument {

    public static final String NAME = "wa-gateway";
    private static final List<String> COMPONENT_SECTIONS = List.of("schemas", "headers", "securitySchemes", "responses",
            "parameters", "examples", "requestBodies");

    private CombinedDocument() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: CombinedDocument <out.yml>");
        }
        Map<String, Map<String, Object>> documents = new TreeMap<>();
        for (URL url : GeneratedDocuments.onClasspath()) {
            String file = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            String function = file.substring(0, file.length() - ".yml".length());
            if (!function.equals(NAME)) {
                try (InputStream in = url.openStream()) {
                    documents.put(function, new Yaml().load(in));
                }
            }
        }
        if (documents.isEmpty()) {
            throw new IllegalStateException("no function documents on the classpath");
        }
        Path out = Path.of(args[0]);
        Files.createDirectories(out.getParent());
        Files.writeString(out, DocumentFinisher.dump(combine(documents)), StandardCharsets.UTF_8);
    }

    /** The documents (by function) as one. */
    public static Map<String, Object> combine(Map<String, Map<String, Object>> documents) {
        Map<String, Object> combined = new LinkedHashMap<>();
        Map<String, Object> first = documents.values().iterator().next();
        combined.put("openapi", first.get("openapi"));
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("title", "wa-gateway API");
        info.put("description", description(documents));
        info.put("contact", DocumentFinisher.map(first.get("info")).get("contact"));
        info.put("version", DocumentFinisher.map(first.get("info")).get("version"));
        combined.put("info", info);
        combined.put("servers", first.get("servers"));
        List<Object> tags = new ArrayList<>();
        Map<String, Object> paths = new TreeMap<>();
        Map<String, Object> components = new LinkedHashMap<>();
        Map<String, String> operationIds = new TreeMap<>();
        documents.forEach((function, document) -> {
            if (document.get("tags") instanceof List<?> own) {
                tags.addAll(own);
            }
            DocumentFinisher.map(document.get("paths")).forEach((path, item) -> {
                Map<String, Object> merged = DocumentFinisher.child(paths, path);
                DocumentFinisher.map(item).forEach((method, operation) -> {
                    if (merged.putIfAbsent(method, operation) != null) {
                        throw new IllegalStateException(method + " " + path + " is in two functions' documents");
                    }
                    Object id = DocumentFinisher.map(operation).get("operationId");
                    if (id != null) {
                        String other = operationIds.putIfAbsent(String.valueOf(id), function);
                        if (other != null) {
                            throw new IllegalStateException("operationId " + id + " is in " + other + " and " + function
                                    + ": operationIds must be unique across the API");
                        }
                    }
                });
            });
            for (String section : COMPONENT_SECTIONS) {
                DocumentFinisher.map(DocumentFinisher.map(document.get("components")).get(section)).forEach((name, value) -> {
                    Object previous = DocumentFinisher.child(components, section).putIfAbsent(name, value);
                    if (previous != null && !Objects.equals(previous, value)) {
                        throw new IllegalStateException("components." + section + "." + name
                                + " differs between the functions' documents; give one of them another name");
                    }
                });
            }
        });
        combined.put("tags", tags);
        combined.put("paths", paths);
        combined.put("components", components);
        return combined;
    }

    /** Each function's own summary (the first paragraph of its description), then what they share. */
    private static String description(Map<String, Map<String, Object>> documents) {
        StringBuilder text = new StringBuilder("The whole wa-gateway API in one document; each function also has its own "
                + "(`/openapi/<function>.yml` in the local run).\n\n");
        String shared = "";
        for (Map.Entry<String, Map<String, Object>> document : documents.entrySet()) {
            String[] paragraphs = String.valueOf(DocumentFinisher.map(document.getValue().get("info")).get("description"))
                    .split("\n\n");
            text.append("- `").append(document.getKey()).append("`: ").append(paragraphs[0].strip()).append('\n');
            if (paragraphs.length > 1) {
                shared = paragraphs[paragraphs.length - 1].strip();
            }
        }
        return text.append('\n').append(shared).toString();
    }
}
