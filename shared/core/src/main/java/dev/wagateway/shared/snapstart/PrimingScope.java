package dev.wagateway.shared.snapstart;

import io.micronaut.core.propagation.PropagatedContext;
import io.micronaut.core.propagation.PropagatedContextElement;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Marks the work of a SnapStart priming request, carried with Micronaut's propagated context onto every thread the
 * request's handling moves to (filters and controllers that run on the blocking executor): while it is present, the
 * Graph API client sends to {@link #graphBase}, a loopback server, with a made-up token instead of Meta and the
 * access token, and metrics are dropped instead of written. Only {@link HandlerPriming} sets it, at a checkpoint.
 *
 * @param graphBase where the Graph API client sends while priming ({@code http://127.0.0.1:port})
 */
public record PrimingScope(URI graphBase) implements PropagatedContextElement {

    /**
     * What the loopback "Graph API" answers to every call: one JSON object with the fields each of the client's
     * answers is read for (a send's wamid, a mark-read's or delete's success, a template page, a created template).
     */
    public static final byte[] GRAPH_ANSWER = """
            {"messaging_product":"whatsapp","contacts":[{"input":"+10000000000","wa_id":"10000000000"}],\
            "messages":[{"id":"wamid.priming"}],"success":true,"data":[],"paging":{},\
            "id":"0","status":"PENDING","category":"UTILITY"}""".getBytes(StandardCharsets.UTF_8);

    /** The scope of the priming request running here, if one is. */
    public static Optional<PrimingScope> current() {
        return PropagatedContext.getOrEmpty().find(PrimingScope.class);
    }

    /** {@code work} run with this scope propagated. */
    public <T> T around(Supplier<T> work) {
        try (PropagatedContext.Scope ignored = PropagatedContext.getOrEmpty().plus(this).propagate()) {
            return work.get();
        }
    }
}
