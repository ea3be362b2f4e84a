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
 * @param dbMaxConnections            PostgreSQL's max_connections, set in the parameter group (never above RDS's default
 *                                    for the class, LEAST(DBInstanceClassMemory/9531392, 5000)): the proxy's share and
 *                                    every function's reserved concurrency are sized from it
 * @param dbConnectionsAlarm          database connections alarm threshold (below dbMaxConnections)
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
        int dbMaxConnections,
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
        if (dbConnectionsAlarm >= dbMaxConnections) {
            throw new IllegalArgumentException("dbConnectionsAlarm must be below dbMaxConnections");
        }
        functionSizes = Map.copyOf(functionSizes);
        for (GatewayFunction function : GatewayFunction.values()) {
            if (!functionSizes.containsKey(function)) {
                throw new IllegalArgumentException("No size for " + function + " in stage " + name);
            }
        }
        if (functionSizes.get(GatewayFunction.DISPATCH_EVENTS).reservedConcurrency() < 2) {
            throw new IllegalArgumentException("dispatch-events needs a reserved concurrency of at least 2: its event "
                    + "source mapping polls with at least 2, and a throttled batch counts as a receive");
        }
        // Every instance of every function holding its whole pool at once (sessions RDS Proxy pins cannot be
        // shared) must still fit: the proxied functions in the proxy's share, db-migrate and the import in the rest.
        int proxyShare = proxyConnections(dbMaxConnections);
        int proxied = connections(functionSizes, false);
        int direct = connections(functionSizes, true);
        if (proxied > proxyShare || direct > dbMaxConnections - proxyShare) {
            throw new IllegalArgumentException("Stage " + name + ": the functions may open " + proxied
                    + " connections through RDS Proxy (its share: " + proxyShare + ") and " + direct
                    + " directly (the rest: " + (dbMaxConnections - proxyShare) + "); lower their reserved concurrency");
        }
    }

    /** What RDS Proxy may open of the database's connections. */
    public static int proxyConnections(int dbMaxConnections) {
        return dbMaxConnections * StatefulStack.PROXY_MAX_CONNECTIONS_PERCENT / 100;
    }

    /** Reserved concurrency times pool size, summed over the functions that connect directly or through the proxy. */
    private static int connections(Map<GatewayFunction, FunctionSize> sizes, boolean direct) {
        return sizes.entrySet().stream()
                .filter(entry -> entry.getKey().connectsDirectly() == direct)
                .mapToInt(entry -> entry.getValue().maxConnections())
                .sum();
    }

    /** A small, single-AZ stage for development: cheap, and easy to tear down. */
    public static StageConfig dev() {
        return new StageConfig("dev", 1, "t4g.micro", 20, 50, false, 7, false, false, 14,
                50, 100, 360, 80, 80, 60, devSizes());
    }

    /** Production: Multi-AZ, a NAT gateway in each zone, protected, longer backups and logs, more headroom. */
    public static StageConfig prod() {
        return new StageConfig("prod", 2, "t4g.medium", 50, 200, true, 14, true, true, 90,
                200, 400, 60, 80, 380, 300, prodSizes());
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
                templateSyncEveryMinutes, dbCpuAlarmPercent, dbMaxConnections, dbConnectionsAlarm, functionSizes);
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

    /**
     * dev: t4g.micro, max_connections 80, RDS Proxy's share 64. Concurrency x pool: 12 (receive-webhook) + 8 + 4 + 4
     * + 2 (template sync) + 2 (manage-webhooks) + 12 (dispatch-events) + 2 + 2 (sweep, retention) + 4 (automation
     * worker) + 2 (manage-automation) + 2 (media) + 4 (media jobs) + 2 + 2 (media retry, legacy media) = 64; direct:
     * 2 + 2 of 16.
     */
    private static Map<GatewayFunction, FunctionSize> devSizes() {
        return sizes(1024, new int[] {6, 4, 2, 2, 1, 3, 2, 1, 1, 2});
    }

    /**
     * prod: t4g.medium, max_connections 380, RDS Proxy's share 304. Concurrency x pool: 80 + 50 + 24 + 20 + 2 +
     * 20 + 60 + 2 + 2 + 20 + 6 + 6 + 8 + 2 + 2 = 304; direct: 2 + 2 of 76.
     */
    private static Map<GatewayFunction, FunctionSize> prodSizes() {
        return sizes(1536, new int[] {40, 25, 12, 10, 10, 15, 10, 3, 3, 4});
    }

    /**
     * @param concurrency reserved concurrency of receive-webhook, send-message, upsert-contact, list-templates,
     *                    manage-webhooks, dispatch-events, the automation worker, manage-automation, media and the
     *                    media jobs; the scheduled functions, the legacy media move and the database jobs run one at a time
     */
    private static Map<GatewayFunction, FunctionSize> sizes(int httpMemoryMb, int[] concurrency) {
        Map<GatewayFunction, FunctionSize> sizes = new EnumMap<>(GatewayFunction.class);
        // A Lambda instance serves one request at a time: two connections are all an HTTP function can use.
        int pool = 2;
        // API Gateway gives up after 30 s; the functions answer long before that or not at all.
        sizes.put(GatewayFunction.RECEIVE_WEBHOOK, new FunctionSize(httpMemoryMb, 15, concurrency[0], pool));
        sizes.put(GatewayFunction.SEND_MESSAGE, new FunctionSize(httpMemoryMb, 20, concurrency[1], pool));
        sizes.put(GatewayFunction.UPSERT_CONTACT, new FunctionSize(httpMemoryMb, 15, concurrency[2], pool));
        sizes.put(GatewayFunction.LIST_TEMPLATES, new FunctionSize(httpMemoryMb, 29, concurrency[3], pool));
        sizes.put(GatewayFunction.TEMPLATE_SYNC, new FunctionSize(1024, 300, 1, pool));
        sizes.put(GatewayFunction.MANAGE_WEBHOOKS, new FunctionSize(httpMemoryMb, 29, concurrency[4], pool));
        // A batch: up to 10 events, each attempt at most 3 s to connect and 10 s to answer, side by side; its
        // outcomes are recorded while other attempts still run (dispatch-events' application.properties: 4).
        sizes.put(GatewayFunction.DISPATCH_EVENTS, new FunctionSize(1024, 60, concurrency[5], 4));
        sizes.put(GatewayFunction.EVENTS_SWEEP, new FunctionSize(512, 60, 1, pool));
        // A batch of inbound messages: each decided, its replies sent, one spaced by Meta's pair rate limit waited for
        // up to 20 s (automation.max-wait) before the event goes back to the queue.
        sizes.put(GatewayFunction.AUTOMATION_WORKER, new FunctionSize(1024, 60, concurrency[6], pool));
        sizes.put(GatewayFunction.MANAGE_AUTOMATION, new FunctionSize(httpMemoryMb, 29, concurrency[7], pool));
        sizes.put(GatewayFunction.MEDIA, new FunctionSize(httpMemoryMb, 29, concurrency[8], pool));
        // A file streamed from Meta into the bucket (never held whole: 100 MB fits a 256 MB heap); Meta allows 100 MB
        // documents, a few minutes on a slow link.
        sizes.put(GatewayFunction.MEDIA_JOBS, new FunctionSize(1024, 300, concurrency[9], pool));
        sizes.put(GatewayFunction.MEDIA_RETRY, new FunctionSize(1024, 300, 1, pool));
        // Resumable: a run that stops at the timeout is run again and goes on where it stopped.
        sizes.put(GatewayFunction.LEGACY_MEDIA, new FunctionSize(1024, 900, 1, pool));
        // Deletes in batches; each statement stays inside the application role's 20 s statement timeout.
        sizes.put(GatewayFunction.EVENTS_RETENTION, new FunctionSize(512, 600, 1, pool));
        // Migrations may rewrite large tables; the deploy waits for them.
        sizes.put(GatewayFunction.DB_MIGRATE, new FunctionSize(1024, 600, 1, pool));
        // An import runs as long as Lambda allows; the legacy file is copied to /tmp, which SQLite needs. One at a time.
        sizes.put(GatewayFunction.DB_IMPORT, new FunctionSize(2048, 900, 10240, 1, pool));
        return sizes;
    }
}
