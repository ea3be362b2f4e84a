package dev.wagateway.coldstart.driver;

import com.amazonaws.services.lambda.runtime.RequestHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.crac.OrderedResource;

import java.util.Comparator;
import java.util.List;

/**
 * The SnapStart-shaped run, in one fresh JVM: init (the handler's no-arg constructor), the checkpoint's work
 * (every CRaC resource of the function's context, as SnapStart calls them: priming through the handler, then the
 * pool suspended and emptied), the restore's (the pool resumed, randomness re-seeded), then the request twice.
 * What it leaves out: the snapshot and the restore themselves (a real restore brings back a copy of this JVM's
 * memory; here the JVM simply goes on), and the Lambda runtime. Arguments as {@link HandlerDriver}'s.
 */
public final class SnapStartDriver {

    private SnapStartDriver() {
    }

    public static void main(String[] args) throws Exception {
        String function = args[0];
        int memoryMb = Integer.parseInt(args[2]);
        int timeoutSeconds = Integer.parseInt(args[3]);
        Invocation invocation = Invocation.of(function);

        long constructing = System.nanoTime();
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) Class.forName(args[1])
                .getConstructor().newInstance();
        long constructed = System.nanoTime();
        ApplicationContext context = (ApplicationContext) handler.getClass().getMethod("getApplicationContext").invoke(handler);
        List<OrderedResource> resources = context.getBeansOfType(OrderedResource.class).stream()
                .sorted(Comparator.comparingInt(OrderedResource::getOrder)).toList();
        // micronaut-crac's order: the highest first before a checkpoint (priming before the pool's suspension) ...
        for (OrderedResource resource : resources.reversed()) {
            resource.beforeCheckpoint(null);
        }
        long checkpointed = System.nanoTime();
        // ... and the lowest first after a restore (the pool resumed before anything that needs it).
        for (OrderedResource resource : resources) {
            resource.afterRestore(null);
        }
        long restored = System.nanoTime();
        Object answer = handler.handleRequest(invocation.next(), new DriverContext(function, memoryMb, timeoutSeconds));
        long answered = System.nanoTime();
        invocation.check(answer);
        Object secondEvent = invocation.next();
        long secondStarted = System.nanoTime();
        Object second = handler.handleRequest(secondEvent, new DriverContext(function, memoryMb, timeoutSeconds));
        long secondNanos = System.nanoTime() - secondStarted;
        invocation.check(second);
        System.out.printf("SNAPSTART init=%d prime=%d restore=%d first=%d second=%d resources=%d%n", constructed - constructing,
                checkpointed - constructed, restored - checkpointed, answered - restored, secondNanos, resources.size());
        System.out.flush();
        System.exit(0);
    }
}
