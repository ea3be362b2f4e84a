package dev.wagateway.webhook;

import dev.wagateway.metrics.GatewayMetrics;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/**
 * Before the SnapStart snapshot: the path a signed delivery takes past the signature check, which {@link WebhookPriming}'s
 * refused requests never reach (issue 18: receive-webhook's first request after the restore cost 11x its second). Real
 * deliveries as Meta sends them ({@code priming/*.json}, copies of the shared samples) are signed under a key made up here
 * (never the app secret) and checked, read by {@link DeliveryReader}, stored by {@link DeliveryStore} in a transaction
 * that is rolled back (nothing lasting is written, and the outbox sends nothing: it sends only after a commit), and
 * counted through a metrics sink that drops the line. Runs in the same order band as {@code HandlerPriming}: before
 * micronaut-crac suspends the pool, so the store finds it open. The event queue's client is primed by the shared
 * {@code EventQueuePriming}.
 */
@Singleton
class DeliveryPriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPriming.class);
    private static final List<String> DELIVERIES = List.of("inbound-text", "status-delivered", "batch-several-entries");
    /** Just above {@code HandlerPriming} (100): before it, and long before the pool (0 and 1). */
    static final int ORDER = 101;

    private final DeliveryReader reader;
    private final DeliveryStore store;
    private final GatewayMetrics metrics;
    private volatile int lastPrimed;

    DeliveryPriming(DeliveryReader reader, DeliveryStore store, GatewayMetrics metrics) {
        this.reader = reader;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> checkpoint) {
        long started = System.nanoTime();
        WebhookSignature madeUp = new WebhookSignature("snapstart-priming-" + System.nanoTime());
        int primed = 0;
        for (String name : DELIVERIES) {
            try {
                byte[] body = read(name);
                if (!madeUp.matches(madeUp.header(body), body)) {
                    throw new IllegalStateException("the priming signature did not match");
                }
                Delivery delivery = reader.read(body);
                store.storeAndRollBack(delivery);
                metrics.primeWithoutWriting(Map.of("DeliveriesStored", 1, "MessagesStored", delivery.messages().size(),
                        "StatusesStored", delivery.statuses().size()));
                primed++;
            } catch (RuntimeException e) {
                // A snapshot without this priming is slower, not wrong: never fail the deploy for it.
                LOG.warn("Delivery priming with {} failed", name, e);
            }
        }
        lastPrimed = primed;
        LOG.info("Primed {} deliveries (signature, reading, a rolled-back store, metrics) for the snapshot in {} ms", primed,
                (System.nanoTime() - started) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> restore) {
        // Nothing: the pool comes back through micronaut-crac.
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** How many deliveries the last checkpoint went through completely (for tests). */
    int lastPrimed() {
        return lastPrimed;
    }

    private static byte[] read(String name) {
        try (InputStream in = DeliveryPriming.class.getResourceAsStream("/priming/" + name + ".json")) {
            if (in == null) {
                throw new IllegalStateException("priming/" + name + ".json is not in the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
