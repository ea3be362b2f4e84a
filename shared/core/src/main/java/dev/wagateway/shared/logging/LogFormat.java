package dev.wagateway.shared.logging;

import ch.qos.logback.core.PropertyDefinerBase;

/**
 * Chooses the log format ({@link LogbackConfiguration}): {@code json} (one object per line, for CloudWatch)
 * inside AWS Lambda, {@code text} elsewhere; {@code LOG_FORMAT=json|text} (environment variable or
 * system property) overrides.
 */
public class LogFormat extends PropertyDefinerBase {

    @Override
    public String getPropertyValue() {
        return choose(System.getProperty("LOG_FORMAT", System.getenv("LOG_FORMAT")), System.getenv("AWS_LAMBDA_FUNCTION_NAME"));
    }

    static String choose(String configured, String lambdaFunctionName) {
        if (configured != null && !configured.isBlank()) {
            return configured.trim().equalsIgnoreCase("json") ? "JSON" : "TEXT";
        }
        return lambdaFunctionName != null && !lambdaFunctionName.isBlank() ? "JSON" : "TEXT";
    }
}
