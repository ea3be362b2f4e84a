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

    @Test
    void aStageWhoseFunctionsMayOpenMoreConnectionsThanTheProxysShareIsRefused() {
        StageConfig dev = StageConfig.dev();
        IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class, () -> withSize(dev,
                GatewayFunction.RECEIVE_WEBHOOK, new FunctionSize(1024, 15, 7, 2)));
        assertTrue(tooMany.getMessage().contains("66 connections through RDS Proxy (its share: 64)"), tooMany.getMessage());
        IllegalArgumentException oneDispatcher = assertThrows(IllegalArgumentException.class, () -> withSize(dev,
                GatewayFunction.DISPATCH_EVENTS, new FunctionSize(1024, 60, 1, 4)));
        assertTrue(oneDispatcher.getMessage().contains("at least 2"), oneDispatcher.getMessage());
        for (StageConfig stage : new StageConfig[] {StageConfig.dev(), StageConfig.prod()}) {
            for (GatewayFunction function : GatewayFunction.values()) {
                assertTrue(stage.size(function).reservedConcurrency() >= 1, stage.name() + " " + function);
            }
        }
    }

    private static StageConfig withSize(StageConfig stage, GatewayFunction function, FunctionSize size) {
        java.util.Map<GatewayFunction, FunctionSize> sizes = new java.util.EnumMap<>(stage.functionSizes());
        sizes.put(function, size);
        return new StageConfig(stage.name(), stage.natGateways(), stage.dbInstanceType(), stage.dbAllocatedStorageGb(),
                stage.dbMaxAllocatedStorageGb(), stage.dbMultiAz(), stage.dbBackupRetentionDays(), stage.deletionProtection(),
                stage.retainData(), stage.logRetentionDays(), stage.apiRateLimit(), stage.apiBurstLimit(),
                stage.templateSyncEveryMinutes(), stage.dbCpuAlarmPercent(), stage.dbMaxConnections(),
                stage.dbConnectionsAlarm(), sizes);
    }
}
