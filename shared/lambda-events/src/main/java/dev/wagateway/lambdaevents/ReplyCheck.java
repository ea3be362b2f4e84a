package dev.wagateway.lambdaevents;

import java.util.List;
import java.util.ServiceLoader;

/**
 * A check that every answer {@link TwoWays} reads goes through (over HTTP and as a Lambda event), found
 * with {@link ServiceLoader} on the test classpath: {@code openapi-check} puts one there that validates the
 * answer against the function's OpenAPI document, so a test that uses TwoWays checks the document too,
 * without naming it. Without an implementation on the classpath (the local run) nothing is checked.
 */
public interface ReplyCheck {

    /** Throws an {@link AssertionError} when {@code reply}, the answer to {@code method pathAndQuery}, breaks the check. */
    void check(String method, String pathAndQuery, TwoWays.Reply reply);

    /** Every check on the classpath, applied in turn. */
    static void all(String method, String pathAndQuery, TwoWays.Reply reply) {
        Holder.CHECKS.forEach(check -> check.check(method, pathAndQuery, reply));
    }

    /** Loaded once: the classpath does not change during a test run. */
    final class Holder {
        private static final List<ReplyCheck> CHECKS = ServiceLoader.load(ReplyCheck.class).stream()
                .map(ServiceLoader.Provider::get).toList();

        private Holder() {
        }
    }
}
