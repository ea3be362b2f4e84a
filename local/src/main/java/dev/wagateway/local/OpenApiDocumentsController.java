package dev.wagateway.local;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The API's OpenAPI documents as the build generated them: {@code /openapi/wa-gateway.yml} for the whole API
 * (combined by the local module's build), and {@code /openapi/<function>.yml} for each function's own.
 */
@Controller("/openapi")
final class OpenApiDocumentsController {

    static final String YAML = "application/yaml";
    static final String COMBINED = "wa-gateway";
    static final List<String> FUNCTIONS = List.of("send-message", "receive-webhook", "upsert-contact", "list-templates",
            "manage-webhooks");
    private static final Pattern NAME = Pattern.compile("[a-z][a-z-]*\\.yml");

    /** Which documents there are, combined first. */
    @Get(produces = MediaType.APPLICATION_JSON)
    List<String> index() {
        return Stream.concat(Stream.of(COMBINED), FUNCTIONS.stream())
                .map(name -> "/openapi/" + name + ".yml").toList();
    }

    @Get(uri = "/{file}", produces = YAML)
    HttpResponse<byte[]> document(@PathVariable String file) {
        if (NAME.matcher(file).matches()) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("META-INF/swagger/" + file)) {
                if (in != null) {
                    return HttpResponse.ok(in.readAllBytes()).contentType(YAML);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new ProblemException(ProblemType.NOT_FOUND, "No OpenAPI document " + file + "; see /openapi for the list.");
    }
}
