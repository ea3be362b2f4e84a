package dev.wagateway.dispatch;

import com.sun.net.httpserver.HttpServer;
import dev.wagateway.delivery.SignatureScheme;
import dev.wagateway.delivery.Subscriptions;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.localsqs.LocalEventSource;
import dev.wagateway.localsqs.LocalSqs;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;

import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The events pipeline on this machine, local stack (PostgreSQL, ElasticMQ, dispatch-events's handler
 * behind an event source like Lambda's, loopback subscribers that answer 200 at once):
 * commit-to-subscriber latency at a steady 500 events/s, and sustained deliveries/s to 1 and to 10
 * subscribers. Run with {@code scripts/benchmark dispatch-events}; figures in docs/benchmarks.md.
 */
public final class EventsBenchmark {

    private static final int RATE = Integer.getInteger("bench.rate", 500);
    private static final int LATENCY_SECONDS = Integer.getInteger("bench.latencySeconds", 20);
    private static final int BURST = Integer.getInteger("bench.burst", 3000);
    private static final int POLLERS = Integer.getInteger("bench.pollers", 4);
    private static final int WRITERS = Integer.getInteger("bench.writers", 8);

    private EventsBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseCoordinates database = TestDatabases.instance().create("events-bench");
        System.out.printf("events benchmark: %d cores, Java %s, PostgreSQL from %s, %d event source pollers (batches of 10)%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), TestDatabases.instance().origin(), POLLERS);
        try (LocalSqs sqs = LocalSqs.start(0, 30)) {
            Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
            properties.putAll(sqs.properties());
            properties.put("datasources.default.maximum-pool-size", "24");
            properties.put("events.delivery.allow-plain-http", "true");
            properties.put("events.delivery.allow-private-addresses", "true");
            properties.put("events.delivery.parallel-attempts", "128");
            try (ApplicationContext context = ApplicationContext.run(properties);
                 Receivers receivers = new Receivers(10)) {
                DispatchHandler handler = new DispatchHandler(context);
                try (LocalEventSource ignored = new LocalEventSource(sqs.client(), sqs.queueUrl(),
                        event -> handler.handleRequest(event, LambdaEvents.context()), POLLERS)) {
                    Subscriptions subscriptions = context.getBean(Subscriptions.class);
                    String latencyNumber = "9000000001";
                    subscriptions.create(receivers.url(0), List.of("*"), List.of(latencyNumber), "bench", SignatureScheme.STANDARD);
                    latency(context, receivers, latencyNumber);

                    String one = "9000000002";
                    subscriptions.create(receivers.url(0), List.of("*"), List.of(one), "bench", SignatureScheme.STANDARD);
                    throughput(context, receivers, one, 1);

                    String ten = "9000000003";
                    for (int i = 0; i < 10; i++) {
                        subscriptions.create(receivers.url(i), List.of("*"), List.of(ten), "bench", SignatureScheme.STANDARD);
                    }
                    throughput(context, receivers, ten, 10);
                }
            }
        }
    }

    /** Events written one per transaction at a steady rate; each one's time from the write to its arrival. */
    private static void latency(ApplicationContext context, Receivers receivers, String number) throws Exception {
        // Warm up the JIT, the pools and the queue.
        paced(context, number, RATE, 5, new ConcurrentHashMap<>());
        receivers.awaitTotal(RATE * 5L, 60);
        receivers.reset();
        Map<String, Long> written = new ConcurrentHashMap<>();
        String load = loadAverage();
        paced(context, number, RATE, LATENCY_SECONDS, written);
        receivers.awaitTotal(written.size(), 60);
        long[] latencies = written.entrySet().stream()
                .mapToLong(e -> receivers.arrivedAt(e.getKey()) - e.getValue()).sorted().toArray();
        System.out.printf("commit-to-subscriber at %d events/s for %d s (%,d events, one per transaction): p50 %.1f ms, p90 %.1f ms,"
                        + " p99 %.1f ms, max %.1f ms (load average before %s, after %s)%n", RATE, LATENCY_SECONDS, latencies.length,
                ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99), latencies[latencies.length - 1] / 1e6, load, loadAverage());
    }

    /** A burst of events written as fast as the writers go; deliveries/s until every subscriber has every event. */
    private static void throughput(ApplicationContext context, Receivers receivers, String number, int subscribers) throws Exception {
        receivers.reset();
        String load = loadAverage();
        long start = System.nanoTime();
        var pool = Executors.newFixedThreadPool(WRITERS);
        List<java.util.concurrent.Future<?>> writes = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writes.add(pool.submit(() -> {
                for (int i = writer; i < BURST; i += WRITERS) {
                    write(context, number, "+1555020" + String.format("%04d", i % 10_000));
                }
                return null;
            }));
        }
        for (var write : writes) {
            write.get();
        }
        pool.shutdown();
        double writeSeconds = (System.nanoTime() - start) / 1e9;
        long expected = (long) BURST * subscribers;
        receivers.awaitTotal(expected, 300);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("sustained, %d subscriber(s): %,d events (written in %.1f s) = %,d deliveries in %.1f s = %,.0f deliveries/s"
                        + " (load average before %s, after %s)%n", subscribers, BURST, writeSeconds, expected, seconds, expected / seconds,
                load, loadAverage());
    }

    private static void paced(ApplicationContext context, String number, int rate, int seconds, Map<String, Long> written)
            throws Exception {
        var pool = Executors.newFixedThreadPool(WRITERS);
        long start = System.nanoTime();
        long interval = 1_000_000_000L / rate;
        int total = rate * seconds;
        AtomicLong next = new AtomicLong();
        List<java.util.concurrent.Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            writers.add(pool.submit(() -> {
                for (long i; (i = next.getAndIncrement()) < total; ) {
                    long due = start + i * interval;
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    long begun = System.nanoTime();
                    written.put(write(context, number, "+1555010" + String.format("%04d", i % 10_000)), begun);
                }
                return null;
            }));
        }
        for (var writer : writers) {
            writer.get();
        }
        pool.shutdown();
    }

    @SuppressWarnings("unchecked")
    private static String write(ApplicationContext context, String number, String phone) {
        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
        OutboxWriter outbox = context.getBean(OutboxWriter.class);
        return transactions.executeWrite(status -> {
            try {
                return outbox.write(NewEvent.about(EventType.MESSAGE_RECEIVED, phone,
                        Map.of("message", Map.of("content", "benchmark"))).withPhoneNumberId(number));
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** Loopback subscribers: 200 at once, the arrival time of each event id (first arrival), counts. */
    private static final class Receivers implements AutoCloseable {
        private final List<HttpServer> servers = new ArrayList<>();
        private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();
        private final AtomicLong total = new AtomicLong();

        Receivers(int count) throws Exception {
            for (int i = 0; i < count; i++) {
                HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 200);
                server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
                server.createContext("/", exchange -> {
                    exchange.getRequestBody().readAllBytes();
                    long now = System.nanoTime();
                    String id = exchange.getRequestHeaders().getFirst("webhook-id");
                    firstArrival.putIfAbsent(id, now);
                    total.incrementAndGet();
                    byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, ok.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(ok);
                    }
                });
                server.start();
                servers.add(server);
            }
        }

        String url(int i) {
            return "http://127.0.0.1:" + servers.get(i).getAddress().getPort() + "/hooks";
        }

        long arrivedAt(String id) {
            Long at = firstArrival.get(id);
            if (at == null) {
                throw new IllegalStateException("Event " + id + " never arrived");
            }
            return at;
        }

        void reset() {
            firstArrival.clear();
            total.set(0);
        }

        void awaitTotal(long expected, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + seconds * 1_000_000_000L;
            while (total.get() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Only " + total.get() + " of " + expected + " deliveries within " + seconds + " s");
                }
                Thread.sleep(5);
            }
        }

        @Override
        public void close() {
            servers.forEach(server -> server.stop(0));
        }
    }

    private static String loadAverage() {
        return String.format("%.1f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
