package dev.wagateway.shared.logging;

import io.micronaut.http.HttpRequest;
import org.slf4j.MDC;

import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/** The id that ties together every log line of one request and the answer the caller got. */
public final class CorrelationId {

    public static final String HEADER = "X-Correlation-Id";
    public static final String MDC_KEY = "correlationId";
    /** Where micronaut-function-aws puts the Lambda request id (with AWSFunctionName and others). */
    public static final String LAMBDA_REQUEST_ID_MDC_KEY = "AWSRequestId";

    // A caller-chosen id goes into every log line: keep it short and free of anything a log parser trips on.
    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private CorrelationId() {
    }

    /** Request attribute holding the id the filter chose for a request. */
    public static final String REQUEST_ATTRIBUTE = CorrelationId.class.getName();

    public static Optional<String> current() {
        return Optional.ofNullable(MDC.get(MDC_KEY));
    }

    /** The id of a request; its thread's MDC may not hold it (error handling can run elsewhere). */
    public static Optional<String> of(HttpRequest<?> request) {
        return request.getAttribute(REQUEST_ATTRIBUTE, String.class).or(CorrelationId::current);
    }

    /** The caller's id when it is acceptable, else the one already set for this invocation, else a new one. */
    public static String choose(String fromCaller) {
        if (fromCaller != null && ACCEPTABLE.matcher(fromCaller).matches()) {
            return fromCaller;
        }
        return current().orElseGet(() -> UUID.randomUUID().toString());
    }
}
