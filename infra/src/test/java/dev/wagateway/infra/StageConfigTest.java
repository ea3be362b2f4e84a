package dev.wagateway.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class StageConfigTest {

    @Test
    void stagesAreChosenByName() {
        assertEquals("dev", StageConfig.named("dev").name());
        assertEquals("prod", StageConfig.named("prod").name());
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> StageConfig.named("staging"));
        assertTrue(unknown.getMessage().contains("-c stage=dev"), unknown.getMessage());
    }

    @Test
    void prodIsSaferAndLargerThanDev() {
        StageConfig dev = StageConfig.dev();
        StageConfig prod = StageConfig.prod();
        assertTrue(prod.dbMultiAz() && !dev.dbMultiAz());
        assertTrue(prod.deletionProtection() && prod.retainData());
        assertTrue(prod.dbBackupRetentionDays() > dev.dbBackupRetentionDays());
        assertTrue(prod.size(GatewayFunction.SEND_MESSAGE).memoryMb() > dev.size(GatewayFunction.SEND_MESSAGE).memoryMb());
        assertEquals(1, dev.natGateways());
    }

    @Test
    void functionsNeedANatGateway() {
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class,
                () -> StageConfig.dev().withNatGateways(0));
        assertTrue(none.getMessage().contains("natGateways must be at least 1"), none.getMessage());
        assertEquals(3, StageConfig.dev().withNatGateways(3).natGateways());
    }

    @Test
    void httpFunctionsAnswerWithinApiGatewaysLimit() {
        for (StageConfig stage : new StageConfig[] {StageConfig.dev(), StageConfig.prod()}) {
            for (GatewayFunction function : ApiRoute.functions()) {
                assertTrue(stage.size(function).timeoutSeconds() <= 29, stage.name() + " " + function);
            }
        }
    }

    @Test
    void theImportHasLambdasLongestRunAndRoomForTheFileInTmp() {
        for (StageConfig stage : new StageConfig[] {StageConfig.dev(), StageConfig.prod()}) {
            FunctionSize size = stage.size(GatewayFunction.DB_IMPORT);
            assertEquals(900, size.timeoutSeconds(), stage.name());
            assertEquals(10240, size.ephemeralStorageMb(), stage.name());
            assertTrue(size.memoryMb() >= 2048, stage.name());
            assertEquals(FunctionSize.DEFAULT_EPHEMERAL_STORAGE_MB, stage.size(GatewayFunction.SEND_MESSAGE).ephemeralStorageMb());
        }
    }
}
