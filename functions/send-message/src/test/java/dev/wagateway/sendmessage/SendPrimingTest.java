package dev.wagateway.sendmessage;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.metrics.EmfLines;
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
 * The SnapStart priming of the send path: the sends go through the whole path (answered by the loopback "Meta"), and
 * nothing of it is left: no row in any table, no call to the Graph API the function is configured for, no metric line;
 * the function still sends afterwards.
 */
class SendPrimingTest {

    @Test
    void primesTheWholeSendPathAndLeavesNothing() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Sql sql = new Sql(database);
        try (FakeGraphApi meta = new FakeGraphApi(SendTestSupport.TOKEN)) {
            Map<String, Object> properties = new HashMap<>(SendTestSupport.properties(database, meta));
            properties.put("sending.window-check", "true");
            properties.put("wa-gateway.stage", "dev");
            try (ApplicationContext context = ApplicationContext.run(properties)) {
                HandlerPriming priming = context.getBean(HandlerPriming.class);
                sql.assertUnchangedBy("priming", () ->
                        assertEquals(List.of(), EmfLines.of(() -> priming.beforeCheckpoint(null)), "no metric line written"));

                // Sent twice (the second with an Idempotency-Key), a template not approved, an invalid body, read back.
                assertEquals(List.of(202, 202, 422, 400, 200, 404, 200), priming.lastAcceptedStatuses());
                assertEquals(0, meta.requestCount(), "priming called the Graph API");
                sql.execute("INSERT INTO contacts (id, phone, last_message_at, last_inbound_at, message_count, unread_count)"
                        + " VALUES ('contact_01JDQ4Z8S4K1V5G7C2M9R3T6WX', '+16505550100', now(), now(), 1, 1)");
                String key = context.getBean(ApiKeyService.class).create("after", List.of(Scopes.MESSAGES_SEND), 100, null).key();
                APIGatewayV2HTTPResponse sent = new ApiGatewayHandler(context).handleRequest(LambdaEvents.event("POST", "/v1/messages", "",
                        "{\"to\":\"+16505550100\",\"type\":\"text\",\"text\":{\"body\":\"after priming\"}}",
                        Map.of("authorization", "Bearer " + key, "content-type", "application/json")), LambdaEvents.context());
                assertEquals(202, sent.getStatusCode(), sent.getBody());
                assertEquals(1, meta.sends().size(), "the send after priming went to the configured Graph API");
            }
        }
    }
}
