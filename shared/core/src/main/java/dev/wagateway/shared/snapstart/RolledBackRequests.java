package dev.wagateway.shared.snapstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Answers a function's {@link Priming#acceptedRequests() accepted priming requests} with an API key that exists only
 * inside one database transaction, which is rolled back afterwards: the requests pass the key check and go on through
 * their controllers, queries and writes, and nothing they wrote (the key included) is left, and no event is sent (the
 * outbox sends only after a commit). Implemented where API keys are ({@code shared/auth}).
 */
public interface RolledBackRequests {

    /**
     * The {@code setUp} statements run, then each request given an {@code Authorization} header with the key and answered by {@code answer}, in order, each in a
     * savepoint of its own (a request that fails in the database does not stop the next); the answers' statuses.
     */
    List<Integer> answerRolledBack(List<String> setUp, List<APIGatewayV2HTTPEvent> requests, ToIntFunction<APIGatewayV2HTTPEvent> answer);
}
