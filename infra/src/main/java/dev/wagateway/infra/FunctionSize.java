package dev.wagateway.infra;

/**
 * Memory, timeout, /tmp, concurrency and database connections of one Lambda function.
 *
 * @param ephemeralStorageMb  /tmp in MB; Lambda's default is 512
 * @param reservedConcurrency the most instances that run at once (Lambda's reserved concurrency): with
 *                            {@code databaseConnections} it bounds the connections the function can open
 * @param databaseConnections the connection pool of one instance (datasources.default.maximum-pool-size)
 */
public record FunctionSize(int memoryMb, int timeoutSeconds, int ephemeralStorageMb, int reservedConcurrency,
                           int databaseConnections) {

    public static final int DEFAULT_EPHEMERAL_STORAGE_MB = 512;

    public FunctionSize {
        if (reservedConcurrency < 1 || databaseConnections < 1) {
            throw new IllegalArgumentException("a function needs a reserved concurrency and a pool of at least 1");
        }
    }

    public FunctionSize(int memoryMb, int timeoutSeconds, int reservedConcurrency, int databaseConnections) {
        this(memoryMb, timeoutSeconds, DEFAULT_EPHEMERAL_STORAGE_MB, reservedConcurrency, databaseConnections);
    }

    /** The most database connections all its instances hold at once. */
    public int maxConnections() {
        return reservedConcurrency * databaseConnections;
    }
}
