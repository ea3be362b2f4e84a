package dev.wagateway.shared.snapstart;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.context.BeanProvider;
import io.micronaut.core.type.Argument;
import io.micronaut.crac.OrderedResource;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import jakarta.validation.Validator;
import org.crac.Context;
import org.crac.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Before the SnapStart snapshot: the function's {@link Priming} requests through its own Lambda handler, and a
 * TLS client hello, so that routing, filters, queries, serde, validation, problem answers and the TLS code are
 * loaded and compiled inside the snapshot. Runs before micronaut-crac suspends and empties the connection pool
 * (a higher order is called earlier before a checkpoint, and later after a restore), so the queries find it open.
 * Then each {@link Priming#acceptedRequests() accepted request}, with a key that lives in a rolled-back transaction
 * ({@link RolledBackRequests}) and the Graph API client answered from loopback ({@link PrimingScope}): the
 * controllers, their queries and writes, the outbox and the client's code, which a refused request never reaches
 * (issue 18: the first request after the restore cost 3.3-6.5x the second with refused requests only).
 * Nothing here runs without SnapStart: only a checkpoint calls it.
 */
@Singleton
public class HandlerPriming implements OrderedResource {

    /** Above micronaut-crac's own resources (0 and 1): before them at a checkpoint. */
    static final int ORDER = 100;
    private static final Logger LOG = LoggerFactory.getLogger(HandlerPriming.class);

    private final ApplicationContext context;
    private final List<Priming> primings;
    private final JsonMapper json;
    private final Validator validator;
    // Looked up at the checkpoint only: micronaut-crac creates every resource when the context starts, and the key
    // service and the transactions behind this must not start with it.
    private final BeanProvider<RolledBackRequests> rolledBack;
    private volatile List<Integer> lastStatuses = List.of();
    private volatile List<Integer> lastAcceptedStatuses = List.of();

    public HandlerPriming(ApplicationContext context, List<Priming> primings, JsonMapper json, Validator validator,
                          BeanProvider<RolledBackRequests> rolledBack) {
        this.context = context;
        this.primings = primings;
        this.json = json;
        this.validator = validator;
        this.rolledBack = rolledBack;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> checkpoint) {
        long started = System.nanoTime();
        APIGatewayV2HTTPEventFunction handler = handler();
        List<Integer> statuses = new ArrayList<>();
        for (Priming priming : primings) {
            for (APIGatewayV2HTTPEvent request : priming.requests()) {
                statuses.add(answer(handler, request));
            }
            priming.bodies().forEach(this::readAndValidate);
        }
        List<Integer> accepted = answerAccepted(handler);
        primeTls();
        lastStatuses = List.copyOf(statuses);
        lastAcceptedStatuses = accepted;
        LOG.info("Primed for the snapshot: {} refused requests (answers {}), their bodies' serde and validation, {} accepted"
                        + " requests rolled back (answers {}) and a TLS hello in {} ms", statuses.size(), statuses, accepted.size(),
                accepted, (System.nanoTime() - started) / 1_000_000);
    }

    /** The accepted requests of every priming, in one rolled-back transaction, Graph API calls answered on loopback. */
    private List<Integer> answerAccepted(APIGatewayV2HTTPEventFunction handler) {
        List<APIGatewayV2HTTPEvent> requests = primings.stream().flatMap(priming -> priming.acceptedRequests().stream()).toList();
        List<String> setUp = primings.stream().flatMap(priming -> priming.setUp().stream()).toList();
        if (requests.isEmpty() || !rolledBack.isPresent()) {
            return List.of();
        }
        try (LoopbackAnswer graph = LoopbackAnswer.start("application/json", PrimingScope.GRAPH_ANSWER)) {
            return List.copyOf(new PrimingScope(graph.base())
                    .around(() -> rolledBack.get().answerRolledBack(setUp, requests, request -> answer(handler, request))));
        } catch (IOException | RuntimeException | LinkageError e) {
            // A snapshot without this priming is slower, not wrong: never fail the deploy for it.
            LOG.warn("Priming the accepted requests failed", e);
            return List.of();
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> restore) {
        // Nothing: the pool comes back through micronaut-crac, randomness through FreshRandomness.
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    /** The status of each refused priming answer of the last checkpoint, in order (for tests and the benchmark). */
    public List<Integer> lastStatuses() {
        return lastStatuses;
    }

    /** The status of each accepted (rolled-back) priming answer of the last checkpoint, in order (for tests). */
    public List<Integer> lastAcceptedStatuses() {
        return lastAcceptedStatuses;
    }

    /**
     * The handler Lambda built (its no-arg constructor registers it in the context); in a context started
     * otherwise (tests, the benchmark), one around the same context, which is what does the work.
     */
    private APIGatewayV2HTTPEventFunction handler() {
        return context.findBean(APIGatewayV2HTTPEventFunction.class).orElseGet(() -> new ApiGatewayHandler(context));
    }

    private static int answer(APIGatewayV2HTTPEventFunction handler, APIGatewayV2HTTPEvent request) {
        try {
            APIGatewayV2HTTPResponse response = handler.handleRequest(request, new PrimingLambdaContext());
            if (response.getStatusCode() >= 500) {
                LOG.warn("Priming request {} {} answered {}", request.getRequestContext().getHttp().getMethod(),
                        request.getRawPath(), response.getStatusCode());
            }
            return response.getStatusCode();
        } catch (RuntimeException e) {
            // A snapshot without this priming is slower, not wrong: never fail the deploy for it.
            LOG.warn("Priming request {} {} failed", request.getRequestContext().getHttp().getMethod(), request.getRawPath(), e);
            return -1;
        }
    }

    private void readAndValidate(Class<?> type, String body) {
        try {
            validator.validate(json.readValue(body, Argument.of(type)));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Priming body of {} could not be read or validated", type.getSimpleName(), e);
        }
    }

    /** A client hello, wrapped and never sent: the JSSE handshake code and the default trust store, loaded. */
    private static void primeTls() {
        try {
            SSLEngine engine = SSLContext.getDefault().createSSLEngine("graph.facebook.com", 443);
            engine.setUseClientMode(true);
            engine.beginHandshake();
            ByteBuffer hello = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
            engine.wrap(ByteBuffer.allocate(0), hello);
            engine.closeOutbound();
        } catch (Exception e) {
            LOG.warn("TLS priming failed", e);
        }
    }
}
