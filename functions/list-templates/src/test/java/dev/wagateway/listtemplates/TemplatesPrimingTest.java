package dev.wagateway.listtemplates;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import dev.wagateway.shared.snapstart.HandlerPriming;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SnapStart priming of the template routes: a template created, listed, deleted and a sync, all answered by the
 * loopback "Meta", and nothing of it left (no row in any table, no call to the configured Graph API); the function
 * still syncs from Meta afterwards.
 */
class TemplatesPrimingTest {

    private static final String TOKEN = "EAAG-priming-token";

    @Test
    void primesCreateListDeleteAndSyncAndLeavesNothing() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Sql sql = new Sql(database);
        try (FakeGraphApi meta = new FakeGraphApi(TOKEN)) {
            Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
            properties.put("whatsapp.access-token", TOKEN);
            properties.put("whatsapp.business-account-id", "102290129340398");
            properties.put("whatsapp.graph.base-url", meta.baseUrl());
            try (ApplicationContext context = ApplicationContext.run(properties)) {
                HandlerPriming priming = context.getBean(HandlerPriming.class);
                sql.assertUnchangedBy("priming", () -> priming.beforeCheckpoint(null));

                assertEquals(List.of(201, 200, 200, 200, 200, 400), priming.lastAcceptedStatuses());
                assertEquals(0, meta.requestCount(), "priming called the Graph API");
                String key = context.getBean(ApiKeyService.class).create("after", List.of(Scopes.TEMPLATES_SYNC), 100, null).key();
                APIGatewayV2HTTPResponse synced = new ApiGatewayHandler(context).handleRequest(LambdaEvents.event("POST",
                        "/v1/templates/sync", "", null, Map.of("authorization", "Bearer " + key)), LambdaEvents.context());
                assertEquals(200, synced.getStatusCode(), synced.getBody());
                assertEquals(1, meta.requestCount(), "the sync after priming went to the configured Graph API");
            }
        }
    }
}
