package dev.wagateway.events;

import dev.wagateway.shared.snapstart.LoopbackAnswer;
import io.micronaut.context.BeanProvider;
import io.micronaut.crac.OrderedResource;
import jakarta.inject.Singleton;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Before the SnapStart snapshot, in every function that writes events: the event queue's SQS client built, and one
 * batch sent through a client built the same way to a loopback server that answers as SQS does (JSON protocol, with
 * the body's MD5, which the SDK checks), via {@link EventQueue#primeAgainst}; the server is gone before the snapshot.
 * A committed change's events go out through that client after a restore, and its first use would otherwise load the
 * SDK's marshalling, signing and HTTP code on a user's request. Runs before micronaut-crac suspends the pool (the
 * priming band, 97-101), though it needs no connection.
 */
@Singleton
public class EventQueuePriming implements OrderedResource {

    private static final Logger LOG = LoggerFactory.getLogger(EventQueuePriming.class);
    private static final String BODY = "{\"eventId\":\"evt_priming\"}";

    // Looked up at the checkpoint only: micronaut-crac creates every resource when the context starts.
    private final BeanProvider<EventQueue> queue;
    private volatile boolean lastPrimed;

    public EventQueuePriming(BeanProvider<EventQueue> queue) {
        this.queue = queue;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> checkpoint) {
        long started = System.nanoTime();
        try {
            byte[] answer = ("{\"Successful\":[{\"Id\":\"0\",\"MessageId\":\"priming\",\"MD5OfMessageBody\":\""
                    + HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(BODY.getBytes(StandardCharsets.UTF_8)))
                    + "\"}],\"Failed\":[]}").getBytes(StandardCharsets.UTF_8);
            try (LoopbackAnswer sqs = LoopbackAnswer.start("application/x-amz-json-1.0", answer)) {
                lastPrimed = queue.get().primeAgainst(sqs.base(), BODY);
            }
            LOG.info("Primed the event queue's client for the snapshot ({}) in {} ms", lastPrimed, (System.nanoTime() - started) / 1_000_000);
        } catch (IOException | GeneralSecurityException | RuntimeException | LinkageError e) {
            // A snapshot without this priming is slower, not wrong: never fail the deploy for it.
            lastPrimed = false;
            LOG.warn("Event queue priming failed", e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> restore) {
        // Nothing: the real client makes its first call (and resolves its credentials) after the restore.
    }

    @Override
    public int getOrder() {
        return 97;
    }

    /** Whether the last checkpoint's loopback batch was taken (false too where no queue is configured). */
    public boolean lastPrimed() {
        return lastPrimed;
    }
}
