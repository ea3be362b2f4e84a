package dev.wagateway.automationapi;

import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.lambdaevents.FunctionBeans;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import org.junit.jupiter.api.Test;

/**
 * The function's Lambda context, started as Lambda starts it (every singleton at init), holds beans of
 * this function and of the modules it uses only: no Graph API client, no send path, no event delivery.
 */
class FunctionBeansTest {

    @Test
    void theLambdaContextHoldsOnlyBeansOfTheModulesThisFunctionUses() {
        FunctionBeans.assertOnlyBeansOf(ApiGatewayHandler::new, TestDatabases.freshDatasourceProperties(getClass()),
                "manage-automation", "automation", "core", "data", "events", "auth");
    }

    /** In AWS it logs in to the database with IAM and reads no other secret: no Secrets Manager client in its jar. */
    @Test
    void itsJarHasNoSecretsManagerClient() {
        FunctionBeans.assertNotOnClasspath(FunctionBeans.SECRETS_MANAGER_CLIENT);
    }
}
