package dev.wagateway.media;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.openapicheck.FunctionDocumentTest;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.problem.Problem;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.web.router.Router;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The OpenAPI document the build generated for this function, against the function itself. */
@MicronautTest(transactional = false)
class OpenApiDocumentTest extends FunctionDocumentTest implements FreshDatabase {

    @Inject
    Router router;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    @Inject
    ApiKeyService apiKeys;

    OpenApiDocumentTest() {
        super("media");
    }

    @Override
    protected Router router() {
        return router;
    }

    @Override
    protected JsonMapper json() {
        return json;
    }

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        properties.put("media.storage.bucket", "media");
        properties.put("media.storage.region", "eu-west-1");
        properties.put("media.storage.endpoint", "http://127.0.0.1:9");
    }

    @Override
    protected Map<String, Object> bodyExamples() {
        Instant now = Instant.parse("2026-01-02T03:04:05Z");
        return Map.of(
                "MediaView", new MediaView("media_01", "failed", "inbound", "msg_01", "image/jpeg", 1234L, "a.jpg", "ab12",
                        "2754859441498128", "sha256 mismatch", now, now),
                "MediaLink", new MediaLink("https://bucket.s3.amazonaws.com/inbound/media_01?X-Amz-Signature=ab", now),
                "Problem", new Problem(URI.create("urn:wa-gateway:problem:not-found"), "Not found", 404,
                        "No media media_01.", List.of(new Problem.FieldError("body", "must hold the file")), "corr-1"));
    }

    @Override
    protected Map<String, Set<Integer>> problemStatuses() {
        // 400 on every route: StorableTextFilter refuses a NUL in any query parameter or path segment.
        return Map.of(
                "GET /v1/media/{id}", Set.of(400, 401, 403, 404, 409, 429, 500, 503),
                "GET /v1/media/{id}/info", Set.of(400, 401, 403, 404, 429, 500),
                "POST /v1/media", Set.of(400, 401, 403, 413, 415, 429, 500, 503),
                "DELETE /v1/media/{id}", Set.of(400, 401, 403, 404, 429, 500, 503));
    }

    @Test
    void theRoutesRefuseAsDocumented() {
        String foreign = "Bearer " + apiKeys.create("contacts only", List.of(Scopes.CONTACTS_READ), 1000, null).key();
        document.assertRefusals(server.getURI(), foreign);
    }
}
