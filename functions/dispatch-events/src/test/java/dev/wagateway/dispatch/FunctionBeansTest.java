package dev.wagateway.dispatch;

import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.FunctionBeans;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher's Lambda context, started as Lambda starts it (every singleton at init), holds beans
 * of this function and of the modules it uses only: no API keys, no Graph API client.
 */
class FunctionBeansTest {

    @Test
    void theLambdaContextHoldsOnlyBeansOfTheModulesThisFunctionUses() {
        FunctionBeans.assertOnlyBeansOf(DispatchHandler::new, TestDatabases.freshDatasourceProperties(getClass()),
                "dispatch-events", "core", "data", "events", "event-delivery", "metrics");
    }

    /** In AWS it logs in to the database with IAM and reads no other secret: no Secrets Manager client in its jar. */
    @Test
    void itsJarHasNoSecretsManagerClient() {
        FunctionBeans.assertNotOnClasspath(FunctionBeans.SECRETS_MANAGER_CLIENT);
    }
}
