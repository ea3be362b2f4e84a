package dev.wagateway.automationworker;

/** A reply cannot go yet (its turn under the pair rate limit, Meta's rate limit): SQS hands the event out again. */
final class RetryLater extends RuntimeException {

    RetryLater(String message) {
        super(message, null, false, false);
    }
}
