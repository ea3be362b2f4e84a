package dev.wagateway.mediajobs;

import dev.wagateway.shared.lambda.CurrentLambdaContextFactory;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.MicronautRequestHandler;
import jakarta.inject.Inject;

import java.time.Duration;
import java.util.Map;

/**
 * The legacy media move, run by hand after an import ({@code aws lambda invoke}): moves what it can within the
 * invocation (leaving 30 s for the report) and answers the counts; {@code done: false} means invoke it again.
 */
public class LegacyMediaHandler extends MicronautRequestHandler<Map<String, Object>, LegacyMediaMove.Report> {

    private static final Duration RESERVE = Duration.ofSeconds(30);

    @Inject
    LegacyMediaMove move;

    @Inject
    CurrentLambdaContextFactory lambda;

    public LegacyMediaHandler() {
    }

    public LegacyMediaHandler(ApplicationContext context) {
        super(context);
    }

    @Override
    public LegacyMediaMove.Report execute(Map<String, Object> input) {
        long left = lambda.remainingTimeMillis().orElse(0);
        Duration budget = left > 0 ? Duration.ofMillis(left).minus(RESERVE) : Duration.ofMinutes(10);
        return move.run(budget.isNegative() ? Duration.ofSeconds(1) : budget);
    }
}
