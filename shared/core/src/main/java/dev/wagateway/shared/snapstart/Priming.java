package dev.wagateway.shared.snapstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;

import java.util.List;
import java.util.Map;

/**
 * What a function answers before its SnapStart snapshot is taken ({@link HandlerPriming}), so that the classes
 * its requests need are loaded and compiled inside the snapshot instead of on the first request after a
 * restore. A function declares one bean of this type.
 *
 * <p>None of these requests may change anything lasting. {@link #requests()} are refused (no or an unknown API key,
 * a wrong signature, an invalid body) after the work that is worth priming (routing, filters, a query, the body's
 * serde and validation, the problem+json answer) and before anything is written. {@link #acceptedRequests()} go
 * further (the controllers, their queries and writes, the Graph API client) with a key that exists only in a
 * transaction that is rolled back ({@link RolledBackRequests}).
 */
public interface Priming {

    /** The requests, as API Gateway would send them. */
    List<APIGatewayV2HTTPEvent> requests();

    /**
     * Request bodies (JSON) to read into their types and validate: the serde and validation of a body, which a
     * request refused by its API key never reaches.
     */
    default Map<Class<?>, String> bodies() {
        return Map.of();
    }

    /**
     * Requests (without an {@code Authorization} header: one with a key of every scope is added) answered inside one
     * database transaction that is rolled back, while the Graph API client answers from loopback
     * ({@link PrimingScope}): the work past the key check, which is most of a first request's cost. Nothing outside
     * the database may be changed by them (no S3 write, no SQS send other than through the outbox).
     */
    default List<APIGatewayV2HTTPEvent> acceptedRequests() {
        return List.of();
    }

    /**
     * SQL run first in that rolled-back transaction: rows the accepted requests need to get past their checks (a
     * customer who wrote a minute ago, so that a text may go), gone with the rest.
     */
    default List<String> setUp() {
        return List.of();
    }
}
