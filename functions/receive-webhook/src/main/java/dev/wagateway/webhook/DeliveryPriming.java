package dev.wagateway.webhook;

import dev.wagateway.events.EventQueue;
import dev.wagateway.metrics.GatewayMetrics;
import dev.wagateway.shared.snapstart.LoopbackAnswer;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Before the SnapStart snapshot: the path a signed delivery takes past the signature check, which {@link WebhookPriming}'s
 * refused requests never reach (issue 18: receive-webhook's first request after the restore cost 11x its second). Real
 * deliveries as Meta sends them ({@code priming/*.json}, copies of the shared samples) are signed under a key made up here
 * (never the app secret) and checked, read by {@link DeliveryReader}, stored by {@link DeliveryStore} in a transaction
 * that is rolled back (nothing lasting is written, and the outbox sends nothing: it sends only after a commit), and
 * counted through a metrics sink that drops the line. Runs in the same order band as {@code HandlerPriming}: before
 * micronaut-crac suspends the pool, so the store finds it open.
 */
@Singleton
class DeliveryPriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(DeliveryPriming.class);
    private static final List<String> DELIVERIES = List.of("inbound-text", "status-delivered", "batch-several-entries");
    /** Just above {@code HandlerPriming} (100): before it, and long before the pool (0 and 1). */
    static final int ORDER = 101;
    private static final String QUEUE_BODY = "{\"eventId\":\"evt_priming\"}";

    private final DeliveryReader reader;
    private final DeliveryStore store;
    private final GatewayMetrics metrics;
    private final EventQueue queue;
    private volatile int lastPrimed;
    private volatile boolean lastQueuePrimed;

    DeliveryPriming(DeliveryReader reader, DeliveryStore store, GatewayMetrics metrics, EventQueue queue) {
        this.reader = reader;
        this.store = store;
        this.metrics = metrics;
        this.queue = queue;
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
        lastQueuePrimed = primeQueue();
        LOG.info("Primed {} deliveries (signature, reading, a rolled-back store, metrics) and the event queue's client ({})"
                + " for the snapshot in {} ms", primed, lastQueuePrimed, (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * The event queue's SQS client built, and one batch sent through a client built the same way to a loopback server
     * that answers as SQS does (JSON protocol, with the body's MD5, which the SDK checks); the server is gone before
     * the snapshot. The committed deliveries' events go out through that client after a restore.
     */
    private boolean primeQueue() {
        try {
            byte[] answer = ("{\"Successful\":[{\"Id\":\"0\",\"MessageId\":\"priming\",\"MD5OfMessageBody\":\""
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(QUEUE_BODY.getBytes(StandardCharsets.UTF_8)))
                    + "\"}],\"Failed\":[]}").getBytes(StandardCharsets.UTF_8);
            try (LoopbackAnswer sqs = LoopbackAnswer.start("application/x-amz-json-1.0", answer)) {
                return queue.primeAgainst(sqs.base(), QUEUE_BODY);
            }
        } catch (IOException | GeneralSecurityException | RuntimeException | LinkageError e) {
            LOG.warn("Event queue priming failed", e);
            return false;
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> restore) {
        // Nothing: the pool comes back through micronaut-crac.
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** Whether the last checkpoint's loopback batch was taken (false too where no queue is configured). */
    boolean lastQueuePrimed() {
        return lastQueuePrimed;
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
