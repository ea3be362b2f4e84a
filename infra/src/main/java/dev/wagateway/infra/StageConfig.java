package dev.wagateway.infra;

import java.util.EnumMap;
import java.util.Map;

/**
 * The sizes and safety settings of one stage. Plain Java values so that a stage can be chosen and
 * checked before the CDK (and its Node.js process) starts.
 *
 * @param name                        stage name, part of every stack name
 * @param natGateways                 NAT gateways for the functions' calls to Meta and AWS APIs (at least 1)
 * @param dbInstanceType              RDS instance class without the "db." prefix
 * @param dbAllocatedStorageGb        initial gp3 storage
 * @param dbMaxAllocatedStorageGb     storage autoscaling ceiling
 * @param dbMultiAz                   a standby in the second availability zone
 * @param dbBackupRetentionDays       automated backups kept
 * @param deletionProtection          the database refuses deletion
 * @param retainData                  database, secrets and logs survive a stack deletion (snapshot/retain)
 * @param logRetentionDays            CloudWatch Logs retention for functions, API access logs and the database
 * @param apiRateLimit                steady requests per second across the HTTP API
 * @param apiBurstLimit               burst of requests across the HTTP API
 * @param templateSyncEveryMinutes    how often templates are pulled from Meta
 * @param dbCpuAlarmPercent           database CPU alarm threshold
 * @param dbConnectionsAlarm          database connections alarm threshold (below the instance's max_connections)
 * @param functionSizes               memory and timeout per function
 */
public record StageConfig(
        String name,
        int natGateways,
        String dbInstanceType,
        int dbAllocatedStorageGb,
        int dbMaxAllocatedStorageGb,
        boolean dbMultiAz,
        int dbBackupRetentionDays,
        boolean deletionProtection,
        boolean retainData,
        int logRetentionDays,
        int apiRateLimit,
        int apiBurstLimit,
        int templateSyncEveryMinutes,
        int dbCpuAlarmPercent,
        int dbConnectionsAlarm,
        Map<GatewayFunction, FunctionSize> functionSizes) {

    public StageConfig {
        if (natGateways < 1) {
            throw new IllegalArgumentException("natGateways must be at least 1: the functions call Meta's Graph API "
                    + "and Secrets Manager from private subnets (got " + natGateways + ")");
        }
        if (dbMaxAllocatedStorageGb < dbAllocatedStorageGb) {
            throw new IllegalArgumentException("dbMaxAllocatedStorageGb is below dbAllocatedStorageGb");
        }
        functionSizes = Map.copyOf(functionSizes);
        for (GatewayFunction function : GatewayFunction.values()) {
            if (!functionSizes.containsKey(function)) {
                throw new IllegalArgumentException("No size for " + function + " in stage " + name);
            }
        }
    }

    /** A small, single-AZ stage for development: cheap, and easy to tear down. */
    public static StageConfig dev() {
        return new StageConfig("dev", 1, "t4g.micro", 20, 50, false, 7, false, false, 14,
                50, 100, 360, 80, 60, sizes(1024));
    }

    /** Production: Multi-AZ, a NAT gateway in each zone, protected, longer backups and logs, more headroom. */
    public static StageConfig prod() {
        return new StageConfig("prod", 2, "t4g.medium", 50, 200, true, 14, true, true, 90,
                200, 400, 60, 80, 300, sizes(1536));
    }

    /** The named stage; dev and prod exist. */
    public static StageConfig named(String name) {
        return switch (name) {
            case "dev" -> dev();
            case "prod" -> prod();
            default -> throw new IllegalArgumentException(
                    "Unknown stage '" + name + "': pass -c stage=dev or -c stage=prod");
        };
    }

    /** This stage with another NAT gateway count (context natGateways). */
    public StageConfig withNatGateways(int count) {
        return new StageConfig(name, count, dbInstanceType, dbAllocatedStorageGb, dbMaxAllocatedStorageGb, dbMultiAz,
                dbBackupRetentionDays, deletionProtection, retainData, logRetentionDays, apiRateLimit, apiBurstLimit,
                templateSyncEveryMinutes, dbCpuAlarmPercent, dbConnectionsAlarm, functionSizes);
    }

    /** The memory of the database's instance class, in GiB (for the freeable memory alarm). */
    public int dbMemoryGib() {
        return switch (dbInstanceType) {
            case "t4g.micro" -> 1;
            case "t4g.small" -> 2;
            case "t4g.medium" -> 4;
            case "t4g.large", "m6g.large", "m7g.large" -> 8;
            default -> throw new IllegalArgumentException("No memory size known for db." + dbInstanceType
                    + ": add it to StageConfig.dbMemoryGib");
        };
    }

    public FunctionSize size(GatewayFunction function) {
        return functionSizes.get(function);
    }

    private static Map<GatewayFunction, FunctionSize> sizes(int httpMemoryMb) {
        Map<GatewayFunction, FunctionSize> sizes = new EnumMap<>(GatewayFunction.class);
        // API Gateway gives up after 30 s; the functions answer long before that or not at all.
        sizes.put(GatewayFunction.SEND_MESSAGE, new FunctionSize(httpMemoryMb, 20));
        sizes.put(GatewayFunction.RECEIVE_WEBHOOK, new FunctionSize(httpMemoryMb, 15));
        sizes.put(GatewayFunction.UPSERT_CONTACT, new FunctionSize(httpMemoryMb, 15));
        sizes.put(GatewayFunction.LIST_TEMPLATES, new FunctionSize(httpMemoryMb, 29));
        sizes.put(GatewayFunction.TEMPLATE_SYNC, new FunctionSize(1024, 300));
        // Migrations may rewrite large tables; the deploy waits for them.
        sizes.put(GatewayFunction.DB_MIGRATE, new FunctionSize(1024, 600));
        // An import runs as long as Lambda allows; the legacy file is copied to /tmp, which SQLite needs.
        sizes.put(GatewayFunction.DB_IMPORT, new FunctionSize(2048, 900, 10240));
        return sizes;
    }
}
