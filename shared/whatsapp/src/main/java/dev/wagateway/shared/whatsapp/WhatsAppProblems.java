package dev.wagateway.shared.whatsapp;

import dev.wagateway.shared.problem.ProblemException;
import dev.wagateway.shared.problem.ProblemType;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The problems a caller gets when WhatsApp refuses or fails, and how Meta's errors map to them. */
public final class WhatsAppProblems {

    public static final ProblemType RATE_LIMITED = new ProblemType("whatsapp-rate-limited", HttpStatus.TOO_MANY_REQUESTS,
            "WhatsApp asks to slow down");
    public static final ProblemType WINDOW_CLOSED = new ProblemType("whatsapp-window-closed", HttpStatus.UNPROCESSABLE_ENTITY,
            "The 24-hour customer service window is closed");
    public static final ProblemType TEMPLATE_NOT_FOUND = new ProblemType("template-not-found", HttpStatus.UNPROCESSABLE_ENTITY,
            "No such template in that language");
    public static final ProblemType TEMPLATE_NOT_APPROVED = new ProblemType("template-not-approved", HttpStatus.UNPROCESSABLE_ENTITY,
            "The template is not approved");
    public static final ProblemType TEMPLATE_PARAMETER_MISMATCH = new ProblemType("template-parameter-mismatch",
            HttpStatus.UNPROCESSABLE_ENTITY, "The template's parameters do not match");
    public static final ProblemType TEMPLATE_PARAMETER_FORMAT = new ProblemType("template-parameter-format",
            HttpStatus.UNPROCESSABLE_ENTITY, "A template parameter has the wrong format");
    public static final ProblemType UNDELIVERABLE = new ProblemType("message-undeliverable", HttpStatus.UNPROCESSABLE_ENTITY,
            "WhatsApp cannot deliver to this recipient");
    public static final ProblemType INVALID_PARAMETER = new ProblemType("whatsapp-invalid-parameter", HttpStatus.BAD_REQUEST,
            "WhatsApp refused a parameter");
    public static final ProblemType UPSTREAM_ERROR = new ProblemType("upstream-error", HttpStatus.BAD_GATEWAY,
            "WhatsApp could not be used");
    public static final ProblemType UPSTREAM_UNAVAILABLE = new ProblemType("upstream-unavailable", HttpStatus.SERVICE_UNAVAILABLE,
            "WhatsApp did not answer");
    public static final ProblemType NOT_CONFIGURED = new ProblemType("whatsapp-not-configured", HttpStatus.SERVICE_UNAVAILABLE,
            "WhatsApp is not configured");

    private static final Logger LOG = LoggerFactory.getLogger(WhatsAppProblems.class);
    private static final Duration THROUGHPUT_WAIT = Duration.ofSeconds(1);
    // Meta allows about one message every 6 seconds to one user.
    private static final Duration PAIR_WAIT = Duration.ofSeconds(6);
    private static final Duration ACCOUNT_WAIT = Duration.ofSeconds(60);

    private WhatsAppProblems() {
    }

    /** What the caller is told when Meta answered with an error. */
    public static ProblemException of(GraphApiException e) {
        return switch (e.code()) {
            case GraphErrorCodes.THROUGHPUT -> rateLimited(e, THROUGHPUT_WAIT,
                    "The business number's message throughput was reached");
            case GraphErrorCodes.PAIR_RATE_LIMIT -> rateLimited(e, PAIR_WAIT,
                    "Too many messages to this recipient in a short time");
            case GraphErrorCodes.ACCOUNT_RATE_LIMIT, GraphErrorCodes.BUSINESS_USE_CASE_RATE_LIMIT -> rateLimited(e, ACCOUNT_WAIT,
                    "The WhatsApp Business Account reached its rate limit");
            case GraphErrorCodes.WINDOW_CLOSED -> problem(WINDOW_CLOSED, e, "More than 24 hours have passed since the "
                    + "customer last wrote: only a template message can reach them now.");
            case GraphErrorCodes.TEMPLATE_PARAMETER_COUNT -> problem(TEMPLATE_PARAMETER_MISMATCH, e,
                    "The number of parameters does not match the template.");
            case GraphErrorCodes.TEMPLATE_NOT_IN_LANGUAGE -> problem(TEMPLATE_NOT_FOUND, e,
                    "WhatsApp has no such template in that language.");
            case GraphErrorCodes.TEMPLATE_PARAMETER_FORMAT -> problem(TEMPLATE_PARAMETER_FORMAT, e,
                    "A parameter's format does not match the template (for example text where it has an image).");
            case GraphErrorCodes.UNDELIVERABLE -> problem(UNDELIVERABLE, e,
                    "The message could not be delivered (the number may not be on WhatsApp, or has not accepted the terms).");
            case GraphErrorCodes.INVALID_PARAMETER, GraphErrorCodes.PARAMETER_MISSING, GraphErrorCodes.PARAMETER_NOT_VALID -> problem(INVALID_PARAMETER, e, "WhatsApp refused the request.");
            case GraphErrorCodes.ACCESS_TOKEN -> {
                LOG.error("WhatsApp refused the gateway's access token (code 190, subcode {}, fbtrace_id {}): set a valid "
                        + "WHATSAPP_ACCESS_TOKEN", e.subcode().orElse(null), e.fbtraceId().orElse(null));
                yield new ProblemException(UPSTREAM_ERROR, "The gateway could not authenticate with WhatsApp. "
                        + "Its operators have been alerted.");
            }
            default -> {
                if (e.httpStatus() == 429) {
                    yield rateLimited(e, ACCOUNT_WAIT, "WhatsApp's request limit was reached");
                }
                LOG.warn("Unmapped Graph API error: {}", e.getMessage());
                yield new ProblemException(UPSTREAM_ERROR, "WhatsApp answered with an error (code " + e.code()
                        + e.fbtraceId().map(id -> ", fbtrace_id " + id).orElse("") + ").");
            }
        };
    }

    /**
     * What the caller is told when Meta refused a request the gateway made on its own account (a
     * template sync): the caller gave nothing Meta could object to, so anything but a rate limit is
     * the gateway's problem (502).
     */
    public static ProblemException ofGatewayRequest(GraphApiException e) {
        return switch (e.code()) {
            case GraphErrorCodes.ACCESS_TOKEN, GraphErrorCodes.ACCOUNT_RATE_LIMIT,
                 GraphErrorCodes.BUSINESS_USE_CASE_RATE_LIMIT, GraphErrorCodes.THROUGHPUT -> of(e);
            default -> {
                if (e.httpStatus() == 429) {
                    yield of(e);
                }
                LOG.warn("The Graph API refused a request of the gateway: {}", e.getMessage());
                yield new ProblemException(UPSTREAM_ERROR, "WhatsApp refused the request (code " + e.code()
                        + e.fbtraceId().map(id -> ", fbtrace_id " + id).orElse("") + ").");
            }
        };
    }

    /** What the caller is told when Meta did not answer at all. */
    public static ProblemException of(GraphApiUnavailableException e) {
        LOG.warn("{}", e.getMessage());
        return new ProblemException(UPSTREAM_UNAVAILABLE, "WhatsApp did not answer in time; try again later.",
                List.of(), Map.of(HttpHeaders.RETRY_AFTER, "5"));
    }

    private static ProblemException rateLimited(GraphApiException e, Duration fallback, String why) {
        long seconds = Math.max(1, e.retryAfter().orElse(fallback).toSeconds());
        return new ProblemException(RATE_LIMITED, why + " (code " + e.code() + "); try again in " + seconds + " s.",
                List.of(), Map.of(HttpHeaders.RETRY_AFTER, String.valueOf(seconds)));
    }

    private static ProblemException problem(ProblemType type, GraphApiException e, String explanation) {
        String said = e.metaMessage().map(message -> e.details().map(details -> message + ": " + details).orElse(message))
                .or(e::details).orElse(null);
        String meta = said == null ? "" : " WhatsApp says: " + said;
        return new ProblemException(type, explanation + meta);
    }
}
