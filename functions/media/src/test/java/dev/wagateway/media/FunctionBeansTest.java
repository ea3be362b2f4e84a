package dev.wagateway.media;

import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.FunctionBeans;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import org.junit.jupiter.api.Test;

/**
 * The function's Lambda context, started as Lambda starts it (every singleton at init), holds beans
 * of this function and of the modules it uses only: no other function's beans.
 */
class FunctionBeansTest {

    @Test
    void theLambdaContextHoldsOnlyBeansOfTheModulesThisFunctionUses() {
        java.util.Map<String, String> properties = new java.util.HashMap<>(TestDatabases.freshDatasourceProperties(getClass()));
        properties.put("media.storage.bucket", "media");
        properties.put("media.storage.region", "eu-west-1");
        FunctionBeans.assertOnlyBeansOf(ApiGatewayHandler::new, properties,
                "media", "core", "data", "events", "auth", "whatsapp", "secrets", "media-store");
    }
}
