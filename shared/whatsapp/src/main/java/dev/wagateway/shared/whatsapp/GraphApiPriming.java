package dev.wagateway.shared.whatsapp;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import dev.wagateway.shared.snapstart.LoopbackAnswer;
import dev.wagateway.shared.snapstart.PrimingScope;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;

/**
 * Before the SnapStart snapshot, in the functions that call Meta: one send through {@link GraphApiClient}'s HTTP
 * client to a server on loopback that answers as Meta does, so that the client's request and answer code (Micronaut's
 * client, the JDK's HttpClient and its selector thread, the JSON reading) is loaded and compiled inside the snapshot,
 * not on the first send after a restore (issue 18: send-message's first request after the restore cost 22x its
 * second with the API-key-only priming). Nothing reaches Meta and the access token is not sent; the loopback
 * server is gone before the snapshot, and the pooled connection to it is never reused (another host). Runs only
 * at a checkpoint, beside {@code HandlerPriming} (the same order band: before the pool is suspended).
 */
@Singleton
@Requires(beans = GraphApiClient.class)
public class GraphApiPriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(GraphApiPriming.class);

    // Looked up at the checkpoint only: micronaut-crac creates every resource when the context starts, and the client
    // (with its settings, which refuse a bad value) must not start with it where nothing else asks for it.
    private final BeanProvider<GraphApiClient> graph;
    private volatile String lastWamid;

    public GraphApiPriming(BeanProvider<GraphApiClient> graph) {
        this.graph = graph;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> checkpoint) {
        long started = System.nanoTime();
        try (LoopbackAnswer meta = LoopbackAnswer.start("application/json", PrimingScope.GRAPH_ANSWER)) {
            String base = meta.base().toString();
            // Twice: the second takes the pooled-connection path a warm send takes.
            graph.get().primeSend(base);
            lastWamid = graph.get().primeSend(base);
            LOG.info("Primed the Graph API client for the snapshot in {} ms", (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | RuntimeException | LinkageError e) {
            // A snapshot without this priming is slower, not wrong: never fail the deploy for it (nor when a runtime
            // lacks the JDK's jdk.httpserver module).
            LOG.warn("Graph API client priming failed", e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> restore) {
        // Nothing: the client opens a new connection to Meta's host on the first send.
    }

    @Override
    public int getOrder() {
        // HandlerPriming's band (100): before micronaut-crac's pool suspension at a checkpoint.
        return 99;
    }

    /** The wamid the loopback answer gave at the last checkpoint (for tests): null when priming failed. */
    public String lastWamid() {
        return lastWamid;
    }
}
