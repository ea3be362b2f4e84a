package dev.wagateway.automationworker;

import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.FunctionBeans;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

/**
 * The worker's Lambda context, started as Lambda starts it (every singleton at init), holds beans of this
 * function and of the modules it uses only: no API keys, no event delivery. receive-webhook is on this test
 * classpath only (the tests post signed webhooks through it); the Lambda jar does not hold it.
 */
class FunctionBeansTest {

    @Test
    void theLambdaContextHoldsOnlyBeansOfTheModulesThisFunctionUses() {
        Map<String, String> properties = new HashMap<>(TestDatabases.freshDatasourceProperties(getClass()));
        // What receive-webhook's controller (test classpath only) needs to start.
        properties.put("whatsapp.webhook.verify-token", "verify");
        properties.put("whatsapp.webhook.app-secret", "secret");
        properties.put("micronaut.server.max-request-size", "3145728");
        FunctionBeans.assertOnlyBeansOf(AutomationHandler::new, properties,
                "automation-worker", "automation", "sending", "core", "data", "events", "whatsapp", "secrets", "metrics", "receive-webhook");
    }
}
