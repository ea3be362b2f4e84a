package dev.wagateway.infra;

/**
 * Memory, timeout and /tmp size of one Lambda function.
 *
 * @param ephemeralStorageMb /tmp in MB; Lambda's default is 512
 */
public record FunctionSize(int memoryMb, int timeoutSeconds, int ephemeralStorageMb) {

    public static final int DEFAULT_EPHEMERAL_STORAGE_MB = 512;

    public FunctionSize(int memoryMb, int timeoutSeconds) {
        this(memoryMb, timeoutSeconds, DEFAULT_EPHEMERAL_STORAGE_MB);
    }
}
