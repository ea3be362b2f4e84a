package dev.wagateway.openapicheck;

import dev.wagateway.lambdaevents.ReplyCheck;
import dev.wagateway.lambdaevents.TwoWays;

/** Every answer a test reads through {@link TwoWays}, held to the function's document (registered in META-INF/services). */
public final class TwoWaysAnswerCheck implements ReplyCheck {

    @Override
    public void check(String method, String pathAndQuery, TwoWays.Reply reply) {
        DocumentedAnswers answers = DocumentedAnswers.onClasspath();
        if (answers != null) {
            answers.check(method, pathAndQuery, reply.status(), reply.headers(), reply.body());
        }
    }
}
