package dev.wagateway.openapicheck;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Holds every answer a function's tests read to the function's OpenAPI document (the one
 * {@code META-INF/swagger/*.yml} on the test classpath): its status must be documented for the
 * operation, its body must match the schema of its media type, and each documented header must be there
 * and match. An answer to a path or method the document does not have is left alone (the router check
 * of {@link OpenApiDocument} covers undocumented routes; a test may probe a wrong method on purpose).
 */
public final class DocumentedAnswers {

    private static final DocumentedAnswers INSTANCE = load();

    private final String resource;
    private final OpenApiInteractionValidator validator;

    private DocumentedAnswers(String resource, OpenApiInteractionValidator validator) {
        this.resource = resource;
        this.validator = validator;
    }

    /** The checker of this classpath's document; null when there is none (a module that is not an HTTP function). */
    public static DocumentedAnswers onClasspath() {
        return INSTANCE;
    }

    /**
     * Throws an {@link AssertionError} naming each difference between the answer and the document.
     *
     * @param pathAndQuery the request's path as sent (percent-encoded), with or without its query
     * @param headers      the answer's headers, any case
     */
    public void check(String method, String pathAndQuery, int status, Map<String, String> headers, String body) {
        List<String> problems = problems(method, pathAndQuery, status, headers, body);
        if (!problems.isEmpty()) {
            throw new AssertionError(resource + " does not document the answer " + status + " to " + method + " "
                    + pathAndQuery + ":\n  " + String.join("\n  ", problems) + "\nbody: " + abbreviate(body));
        }
    }

    /** The differences {@link #check} would report; empty when the answer is as documented. */
    public List<String> problems(String method, String pathAndQuery, int status, Map<String, String> headers, String body) {
        Request.Method requestMethod;
        try {
            requestMethod = Request.Method.valueOf(method.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return List.of();
        }
        SimpleResponse.Builder response = SimpleResponse.Builder.status(status);
        headers.forEach((name, value) -> {
            // A header the function repeats arrives joined by commas; each value is checked alone.
            response.withHeader(name, value);
        });
        if (body != null && !body.isEmpty()) {
            response.withBody(body.getBytes(StandardCharsets.UTF_8));
        }
        ValidationReport report = validator.validateResponse(path(pathAndQuery), requestMethod, response.build());
        return report.getMessages().stream()
                .filter(message -> message.getLevel() == ValidationReport.Level.ERROR)
                .map(message -> message.getKey() + ": " + message.getMessage()
                        + message.getContext().flatMap(ValidationReport.MessageContext::getPointers)
                        .map(pointers -> " at " + pointers.getInstance()).orElse(""))
                .collect(Collectors.toCollection(ArrayList::new));
    }

    private static String path(String pathAndQuery) {
        int question = pathAndQuery.indexOf('?');
        String raw = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
        try {
            // The validator matches decoded segments against the path templates; a segment that decodes to a
            // '/', a space or a control character (%2F, %20, %00) would change which template matches, so
            // such a path is matched as sent.
            String decoded = new URI(raw).getPath();
            return decoded.split("/", -1).length == raw.split("/", -1).length && decoded.chars().noneMatch(
                    c -> Character.isWhitespace(c) || Character.isISOControl(c)) ? decoded : raw;
        } catch (URISyntaxException e) {
            return raw;
        }
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() <= 2000 ? body : body.substring(0, 2000) + "...";
    }

    private static DocumentedAnswers load() {
        List<URL> documents = GeneratedDocuments.onClasspath();
        if (documents.isEmpty()) {
            return null;
        }
        // The local module's classpath holds every function's document and their merge (CombinedDocument):
        // its answers are the whole API's, so the merge is the one they are held to.
        List<URL> combined = documents.stream()
                .filter(url -> url.getPath().endsWith("/" + CombinedDocument.NAME + ".yml")).toList();
        if (combined.size() == 1) {
            documents = combined;
        }
        if (documents.size() > 1) {
            throw new IllegalStateException("more than one OpenAPI document on the classpath: " + documents);
        }
        URL document = documents.getFirst();
        String yaml;
        try (InputStream in = document.openStream()) {
            yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        OpenApiInteractionValidator validator = OpenApiInteractionValidator.createForInlineApiSpecification(yaml)
                .withLevelResolver(LevelResolver.create()
                        // Only answers are checked: tests send wrong requests on purpose.
                        .withLevel("validation.request", ValidationReport.Level.IGNORE)
                        // A path or method the document lacks: see the class comment.
                        .withLevel("validation.response.path.missing", ValidationReport.Level.IGNORE)
                        .withLevel("validation.response.operation.notAllowed", ValidationReport.Level.IGNORE)
                        .build())
                .build();
        return new DocumentedAnswers(document.toString(), validator);
    }
}
