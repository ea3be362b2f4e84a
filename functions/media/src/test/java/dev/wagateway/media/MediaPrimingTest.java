package dev.wagateway.media;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.locals3.LocalS3;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import dev.wagateway.shared.snapstart.HandlerPriming;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SnapStart priming of the media routes: a stored file's link, redirect and info, refusals, and nothing of it left
 * (no row in any table, nothing in the bucket, no call to the Graph API); the function still answers afterwards.
 */
class MediaPrimingTest {

    private static final String BUCKET = "wa-gateway-media-priming";

    @Test
    void primesLinksInfoAndRefusalsAndLeavesNothing() throws Exception {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Sql sql = new Sql(database);
        try (LocalS3 s3 = LocalS3.startTemporary().bucket(BUCKET); FakeGraphApi meta = new FakeGraphApi("EAAG-media-priming")) {
            Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
            properties.put("media.storage.bucket", BUCKET);
            properties.put("media.storage.endpoint", s3.endpoint().toString());
            properties.put("media.storage.access-key-id", LocalS3.ACCESS_KEY);
            properties.put("media.storage.secret-access-key", LocalS3.SECRET_KEY);
            properties.put("whatsapp.access-token", "EAAG-media-priming");
            properties.put("whatsapp.graph.base-url", meta.baseUrl());
            try (ApplicationContext context = ApplicationContext.run(properties)) {
                HandlerPriming priming = context.getBean(HandlerPriming.class);
                long filesBefore = files(s3.directory());
                sql.assertUnchangedBy("priming", () -> priming.beforeCheckpoint(null));

                assertEquals(List.of(200, 302, 200, 404, 404, 415), priming.lastAcceptedStatuses());
                assertEquals(filesBefore, files(s3.directory()), "priming wrote to the bucket");
                assertEquals(0, meta.requestCount(), "priming called the Graph API");
                String key = context.getBean(ApiKeyService.class).create("after", List.of(Scopes.MEDIA_READ), 100, null).key();
                APIGatewayV2HTTPResponse answer = new ApiGatewayHandler(context).handleRequest(LambdaEvents.event("GET",
                        "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3T6WX/info", "", null, Map.of("authorization", "Bearer " + key)),
                        LambdaEvents.context());
                assertEquals(404, answer.getStatusCode(), "the primed file is not there after the rollback: " + answer.getBody());
            }
        }
    }

    private static long files(Path directory) throws Exception {
        try (Stream<Path> all = Files.walk(directory)) {
            return all.filter(Files::isRegularFile).count();
        }
    }
}
