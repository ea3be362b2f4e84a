package dev.wagateway.coldstart.driver;

import com.amazonaws.services.lambda.runtime.RequestHandler;

import java.time.Instant;
import java.util.Arrays;

/**
 * The main of one fresh JVM whose classpath is a function's shaded jar plus this package: it does what
 * the Lambda Java runtime does with the handler class the infra names (load it, call its no-arg
 * constructor, call {@code handleRequest}) and prints when each step ended, for {@code ColdStartBenchmark}.
 * Only the JDK and the Lambda event and core classes (which every function jar has) are used here, so
 * nothing but the function's own jar is measured.
 *
 * <p>Arguments: {@code FUNCTION HANDLER_CLASS MEMORY_MB TIMEOUT_S WARM_UP MEASURED}. After the first answer it
 * times a second call of the same request. With {@code WARM_UP} above 0 the JVM goes on: that many more
 * calls, then {@code MEASURED} timed ones.
 */
public final class HandlerDriver {

    private HandlerDriver() {
    }

    public static void main(String[] args) throws Exception {
        Instant mainAt = Instant.now();
        String function = args[0];
        String handlerClass = args[1];
        int memoryMb = Integer.parseInt(args[2]);
        int timeoutSeconds = Integer.parseInt(args[3]);
        int warmUp = Integer.parseInt(args[4]);
        int measured = Integer.parseInt(args[5]);

        Invocation invocation = Invocation.of(function);
        Object firstEvent = invocation.next();

        long constructing = System.nanoTime();
        @SuppressWarnings("unchecked")
        RequestHandler<Object, Object> handler = (RequestHandler<Object, Object>) Class.forName(handlerClass)
                .getConstructor().newInstance();
        long constructed = System.nanoTime();
        Object answer = handler.handleRequest(firstEvent, new DriverContext(function, memoryMb, timeoutSeconds));
        long answered = System.nanoTime();
        Instant answeredAt = Instant.now();
        invocation.check(answer);
        // What the first request cost only because it was first: the same request once more.
        Object secondEvent = invocation.next();
        long secondStarted = System.nanoTime();
        Object secondAnswer = handler.handleRequest(secondEvent, new DriverContext(function, memoryMb, timeoutSeconds));
        long second = System.nanoTime() - secondStarted;
        invocation.check(secondAnswer);
        System.out.printf("COLDSTART main=%d init=%d first=%d answered=%d second=%d%n",
                micros(mainAt), constructed - constructing, answered - constructed, micros(answeredAt), second);

        if (warmUp > 0) {
            for (int i = 0; i < warmUp; i++) {
                invocation.check(handler.handleRequest(invocation.next(), new DriverContext(function, memoryMb, timeoutSeconds)));
            }
            long[] nanos = new long[measured];
            for (int i = 0; i < measured; i++) {
                Object event = invocation.next();
                DriverContext context = new DriverContext(function, memoryMb, timeoutSeconds);
                long started = System.nanoTime();
                Object warmAnswer = handler.handleRequest(event, context);
                nanos[i] = System.nanoTime() - started;
                invocation.check(warmAnswer);
            }
            Arrays.sort(nanos);
            System.out.printf("WARM calls=%d p50=%d p90=%d p99=%d%n", measured,
                    quantile(nanos, 0.50), quantile(nanos, 0.90), quantile(nanos, 0.99));
        }
        System.out.flush();
        // Like a frozen Lambda instance, the pools and schedulers the context started are of no interest now.
        System.exit(0);
    }

    private static long quantile(long[] sorted, double quantile) {
        return sorted[(int) Math.ceil(quantile * sorted.length) - 1];
    }

    private static long micros(Instant instant) {
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
