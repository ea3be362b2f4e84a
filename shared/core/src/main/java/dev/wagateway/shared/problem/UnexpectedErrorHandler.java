package dev.wagateway.shared.problem;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Map;

/**
 * Any exception no handler of its own answers, thrown in a route or a filter (such as the API key
 * lookup). The database out of reach is not a bug: one WARN line and 503 with {@code Retry-After}.
 * Anything else is: its stack trace goes to the log at ERROR, and the caller gets a 500 that shows
 * nothing of it.
 */
@Singleton
@Produces(Problem.MEDIA_TYPE)
public class UnexpectedErrorHandler implements ExceptionHandler<RuntimeException, HttpResponse<Problem>> {

    private static final Logger LOG = LoggerFactory.getLogger(UnexpectedErrorHandler.class);
    static final String DATABASE_DETAIL = "The database cannot be reached right now; try again shortly.";

    private final ProblemResponses responses;

    public UnexpectedErrorHandler(ProblemResponses responses) {
        this.responses = responses;
    }

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, RuntimeException exception) {
        Throwable outage = DatabaseOutage.cause(exception);
        if (outage != null) {
            LOG.warn("{} {}: database unavailable, answering 503: {}", request.getMethodName(), request.getPath(),
                    DatabaseOutage.describe(outage));
            return responses.respond(request, DatabaseOutage.problem(DATABASE_DETAIL));
        }
        LOG.error("{} {}: unexpected error, answering 500", request.getMethodName(), request.getPath(), exception);
        return responses.respond(request, ProblemType.INTERNAL_ERROR, ProblemErrorResponseProcessor.SERVER_ERROR_DETAIL, List.of(), Map.of());
    }
}
