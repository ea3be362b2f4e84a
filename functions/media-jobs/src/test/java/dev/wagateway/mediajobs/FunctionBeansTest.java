package dev.wagateway.mediajobs;

import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.FunctionBeans;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

/**
 * The media job's Lambda context, started as Lambda starts it (every singleton at init), holds beans of
 * this function and of the modules it uses only: no API keys, no subscriptions, no metrics.
 */
class FunctionBeansTest {

    @Test
    void theLambdaContextHoldsOnlyBeansOfTheModulesThisFunctionUses() {
        Map<String, String> properties = new HashMap<>(TestDatabases.freshDatasourceProperties(getClass()));
        properties.put("media.storage.bucket", "media");
        properties.put("media.storage.region", "eu-west-1");
        FunctionBeans.assertOnlyBeansOf(MediaJobHandler::new, properties,
                "media-jobs", "core", "data", "events", "whatsapp", "secrets", "media-store");
    }
}
