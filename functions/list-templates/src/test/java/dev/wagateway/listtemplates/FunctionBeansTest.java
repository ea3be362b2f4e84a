package dev.wagateway.listtemplates;

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
        FunctionBeans.assertOnlyBeansOf(ApiGatewayHandler::new, TestDatabases.freshDatasourceProperties(getClass()),
                "list-templates", "core", "data", "events", "auth", "whatsapp", "secrets");
    }
}
