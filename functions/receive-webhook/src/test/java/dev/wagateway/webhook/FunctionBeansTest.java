package dev.wagateway.webhook;

import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.FunctionBeans;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

/**
 * The function's Lambda context, started as Lambda starts it (every singleton at init), holds beans
 * of this function and of the modules it uses only: no Graph API client, no API keys (Meta signs the webhook).
 */
class FunctionBeansTest {

    @Test
    void theLambdaContextHoldsOnlyBeansOfTheModulesThisFunctionUses() {
        Map<String, String> settings = new HashMap<>(TestDatabases.freshDatasourceProperties(getClass()));
        // The webhook refuses to start without its credentials.
        settings.put("whatsapp.webhook.verify-token", "verify-token");
        settings.put("whatsapp.webhook.app-secret", "app-secret");
        FunctionBeans.assertOnlyBeansOf(ApiGatewayHandler::new, settings, "receive-webhook", "core", "data", "events", "secrets", "metrics");
    }
}
