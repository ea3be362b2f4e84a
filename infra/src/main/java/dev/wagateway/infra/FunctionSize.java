package dev.wagateway.infra;

/** Memory and timeout of one Lambda function. */
public record FunctionSize(int memoryMb, int timeoutSeconds) {
}
