package dev.wagateway.webhook;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.localsqs.LocalSqs;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * The webhook's speed, measured in one run against the embedded PostgreSQL (or DEVDB_URL), printed:
 * <ol>
 *   <li>warm in-process latency through the Lambda handler (API Gateway v2 events: signature, parse,
 *       one transaction), p50/p99 over 10,000 deliveries of a status and 10,000 of an inbound message;</li>
 *   <li>sustained status events per second over HTTP (Netty) with 8 and with 16 concurrent senders.</li>
 * </ol>
 * Run: {@code functions/receive-webhook/benchmark} (see docs/benchmarks.md). Every delivery is new
 * (its own wamid), so each one writes; nothing is answered from a cache.
 */
public final class WebhookBenchmark {

    private static final int WARM_UP = 2_000;
    private static final int MEASURED = Integer.getInteger("bench.deliveries", 10_000);
    private static final Duration HTTP_RUN = Duration.ofSeconds(Integer.getInteger("bench.httpSeconds", 20));
    private static final Duration HTTP_WARM_UP = Duration.ofSeconds(Integer.getInteger("bench.httpWarmUpSeconds", 60));
    private static final int POOL = Integer.getInteger("bench.pool", 8);
    private static final int CUSTOMERS = Integer.getInteger("bench.customers", 1_000);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    /** The load generator: lean keep-alive sockets ({@link KeepAliveSender}, the default) or the JDK's HTTP client. */
    private static final boolean LEAN_CLIENT = !"jdk".equals(System.getProperty("bench.client", "socket"));

    private WebhookBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        // The outbox as deployed: every stored status and message writes its event, sent to SQS after commit.
        try (LocalSqs sqs = LocalSqs.start()) {
            run(sqs);
        }
    }

    private static void run(LocalSqs sqs) throws Exception {
        DatabaseCoordinates database = TestDatabases.instance().create("bench");
        Sql sql = new Sql(database);
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        properties.putAll(Samples.credentials());
        properties.put("datasources.default.maximum-pool-size", Integer.toString(POOL));
        properties.put("micronaut.server.port", "-1");
        if (Boolean.parseBoolean(System.getProperty("bench.queue", "true"))) {
            properties.putAll(sqs.properties());
        }
        System.out.printf("receive-webhook benchmark: %d cores, Java %s, PostgreSQL from %s, pool %d connections%n",
                Runtime.getRuntime().availableProcessors(), Runtime.version(), TestDatabases.instance().origin(), POOL);

        if (Boolean.parseBoolean(System.getProperty("bench.inProcess", "true"))) {
            inProcess(properties, sql);
        }

        // A server process outlives its answers, so by default its ids go to SQS from a background sender (the local
        // run's setting); -Dbench.background=false sends before each answer, as Lambda does (the in-process figures).
        Map<String, Object> serverProperties = new HashMap<>(properties);
        boolean background = Boolean.parseBoolean(System.getProperty("bench.background", "true"));
        serverProperties.put("events.queue.background", Boolean.toString(background));
        System.out.printf("HTTP server: SQS send %s, warm-up %d s%n", !properties.containsKey("events.queue.url") ? "none (no queue)"
                : background ? "from a background sender (the answer does not wait)" : "before each answer", HTTP_WARM_UP.toSeconds());
        try (EmbeddedServer server = ApplicationContext.run(EmbeddedServer.class, serverProperties)) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            URI uri = server.getURI().resolve("/webhooks/whatsapp");
            int[] configurations = Arrays.stream(System.getProperty("bench.senders", "8,16").split(","))
                    .mapToInt(senders -> Integer.parseInt(senders.trim())).toArray();
            // Warm the server, the client and the JIT (slow to compile on a busy 2-core machine) before any clock runs.
            sendFor(client, uri, Arrays.stream(configurations).max().orElse(8), HTTP_WARM_UP, CUSTOMERS, new long[1]);
            for (int senders : configurations) {
                throughput(client, uri, senders, CUSTOMERS, sql);
            }
            // Every status to one customer: their events take that conversation's next sequence numbers one
            // transaction at a time (the row lock that makes the numbers gapless), so this is the floor of one conversation.
            throughput(client, uri, Arrays.stream(configurations).max().orElse(8), 1, sql);
            long calls = server.getApplicationContext().getBean(dev.wagateway.events.EventQueue.class).calls();
            long events = Long.parseLong(sql.queryValue("SELECT count(*) FROM events"));
            System.out.printf("SQS calls of the server: %,d for %,d events (%.1f events per call)%n", calls, events,
                    calls == 0 ? 0.0 : (double) events / calls);
        }
        String stored = sql.queryValue("SELECT count(*) FROM message_status_events");
        System.out.printf("status events stored in all: %s; rejects: %s; outbox events: %s%n", stored,
                sql.queryValue("SELECT count(*) FROM webhook_rejects"), sql.queryValue("SELECT count(*) FROM events"));
    }

    /** Warm in-process latency per delivery through the Lambda handler. */
    private static void inProcess(Map<String, Object> properties, Sql sql) {
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            ApiGatewayHandler handler = new ApiGatewayHandler(context);
            int outbound = WARM_UP + MEASURED + 2 * WARM_UP;
            sql.execute("INSERT INTO messages (id, phone, direction, type, status, whatsapp_message_id) "
                    + "SELECT 'msg_bench_' || i, '+16505551234', 'outbound', 'text', 'accepted', 'wamid.bench.' || i "
                    + "FROM generate_series(1, " + outbound + ") i");
            AtomicInteger next = new AtomicInteger();
            IntFunction<byte[]> statusOfAKnownMessage = i -> Samples.bytes("status-delivered",
                    Samples.OUTBOUND_WAMID, "wamid.bench." + next.incrementAndGet());
            IntFunction<byte[]> inboundMessage = i -> Samples.bytes("inbound-text", Samples.TEXT_WAMID,
                    "wamid.bench.in." + SEQUENCE.incrementAndGet(), "16505551234", Long.toString(16505550000L + i % 500));
            // Meta's shape since April 2026: the sender by phone and BSUID; the contact is found by either.
            IntFunction<byte[]> inboundWithBsuid = i -> Samples.bytes("inbound-text-with-bsuid",
                    "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQUJTVUlEQk9USDAxMjM0NTY3ODkA", "wamid.bench.bsuid." + SEQUENCE.incrementAndGet(),
                    "16505551234", Long.toString(16505560000L + i % 500), "US.ENT.11815799212886844830", "US.ENT.B" + i % 500,
                    "US.13491208655302741918", "US.B" + i % 500);

            latency("status (known message: history row + status moved)", handler, statusOfAKnownMessage);
            latency("inbound text message (message + contact upsert/counters)", handler, inboundMessage);
            latency("inbound text message with phone and BSUID (contact found by either)", handler, inboundWithBsuid);
        }
    }

    private static void latency(String what, ApiGatewayHandler handler, IntFunction<byte[]> deliveries) {
        for (int i = 0; i < WARM_UP; i++) {
            call(handler, deliveries.apply(i));
        }
        long[] nanos = new long[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            APIGatewayV2HTTPEvent event = event(deliveries.apply(i));
            long start = System.nanoTime();
            APIGatewayV2HTTPResponse response = handler.handleRequest(event, null);
            nanos[i] = System.nanoTime() - start;
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("Answered " + response.getStatusCode() + ": " + response.getBody());
            }
        }
        Arrays.sort(nanos);
        System.out.printf("in-process, %s: %,d deliveries: p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms (load average %s)%n",
                what, MEASURED, ms(nanos, 0.50), ms(nanos, 0.90), ms(nanos, 0.99), nanos[nanos.length - 1] / 1e6, loadAverage());
    }

    private static void throughput(HttpClient client, URI uri, int senders, int customers, Sql sql) throws Exception {
        String loadBefore = loadAverage();
        CpuSample before = CpuSample.take(sql);
        long start = System.nanoTime();
        long[] senderCpu = new long[1];
        int sent = sendFor(client, uri, senders, HTTP_RUN, customers, senderCpu);
        double seconds = (System.nanoTime() - start) / 1e9;
        CpuSample after = CpuSample.take(sql);
        System.out.printf("HTTP (Netty, load from %s), %d concurrent senders, one status per delivery, to %,d customer(s): %,d status events in %.1f s"
                + " = %,.0f events/s (load average before %s, after %s)%n", LEAN_CLIENT ? "keep-alive sockets" : "the JDK HTTP client", senders, customers, sent, seconds, sent / seconds,
                loadBefore, loadAverage());
        // CPU per event, which the machine's other load does not change much: where the events/s go.
        System.out.printf("    CPU per event: this JVM %.3f ms (of which the senders' threads %.3f ms), PostgreSQL's backends %.3f ms;"
                        + " JIT compiling %.1f s of the %.1f s (not yet steady when large)%n",
                (after.jvmNanos() - before.jvmNanos()) / 1e6 / sent, senderCpu[0] / 1e6 / sent,
                (after.postgresTicks() - before.postgresTicks()) * (1000.0 / CpuSample.TICKS_PER_SECOND) / sent,
                (after.jitMillis() - before.jitMillis()) / 1e3, seconds);
        // The JVM's figure holds the load generator's HTTP client and, with a queue, ElasticMQ: neither runs beside the
        // function in AWS. Split by thread (virtual threads are counted on their carriers, the server's).
        Map<String, Long> threads = after.byGroup(before);
        long visible = threads.values().stream().mapToLong(Long::longValue).sum();
        long jvm = after.jvmNanos() - before.jvmNanos();
        System.out.printf("    CPU per event by thread: server %.3f ms, ElasticMQ %.3f ms, load generator's HTTP client (JDK) %.3f ms"
                        + " + senders %.3f ms, JIT/GC/VM threads and threads gone %.3f ms%n",
                threads.getOrDefault("server", 0L) / 1e6 / sent, threads.getOrDefault("elasticmq", 0L) / 1e6 / sent,
                threads.getOrDefault("client", 0L) / 1e6 / sent, senderCpu[0] / 1e6 / sent,
                (jvm - visible - senderCpu[0]) / 1e6 / sent);
    }

    /** This JVM's CPU time and the CPU time of the benchmark database's PostgreSQL backends (Linux /proc). */
    private record CpuSample(long jvmNanos, long postgresTicks, long jitMillis, Map<Long, Long> threadNanos,
                             Map<Long, String> threadGroups) {
        static final int TICKS_PER_SECOND = 100;

        /** CPU since {@code before} of the threads alive now, by group (a thread started since counts from zero). */
        Map<String, Long> byGroup(CpuSample before) {
            Map<String, Long> groups = new HashMap<>();
            threadNanos.forEach((id, nanos) -> {
                String group = threadGroups.get(id);
                if (group != null) {
                    groups.merge(group, nanos - before.threadNanos().getOrDefault(id, 0L), Long::sum);
                }
            });
            return groups;
        }

        private static String group(String name) {
            if (name.startsWith("pool-")) {
                return null; // the senders: counted by themselves, and gone by the second sample
            }
            if (name.startsWith("HttpClient-")) {
                return "client";
            }
            return name.startsWith("elasticmq") ? "elasticmq" : "server";
        }

        static CpuSample take(Sql sql) {
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                    .getProcessCpuTime();
            long ticks = 0;
            String pids = sql.queryValue("SELECT string_agg(pid::text, ',') FROM pg_stat_activity "
                    + "WHERE datname = current_database() AND pid <> pg_backend_pid()");
            for (String pid : pids == null ? new String[0] : pids.split(",")) {
                try {
                    String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                } catch (java.io.IOException | RuntimeException gone) {
                    // a backend that ended (or another machine's server): not counted
                }
            }
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            Map<Long, Long> threadNanos = new HashMap<>();
            Map<Long, String> threadGroups = new HashMap<>();
            for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
                if (info != null) {
                    long nanos = mx.getThreadCpuTime(info.getThreadId());
                    if (nanos >= 0) {
                        threadNanos.put(info.getThreadId(), nanos);
                        String group = group(info.getThreadName());
                        if (group != null) {
                            threadGroups.put(info.getThreadId(), group);
                        }
                    }
                }
            }
            return new CpuSample(jvm, ticks, java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime(),
                    threadNanos, threadGroups);
        }
    }

    /** @param customers how many recipients the statuses are spread over (a campaign's statuses come from many) */
    private static int sendFor(HttpClient client, URI uri, int senders, Duration duration, int customers, long[] senderCpu)
            throws Exception {
        long end = System.nanoTime() + duration.toNanos();
        ExecutorService pool = Executors.newFixedThreadPool(senders);
        try {
            List<Future<Integer>> counts = new ArrayList<>();
            for (int s = 0; s < senders; s++) {
                counts.add(pool.submit(() -> {
                    int sent = 0;
                    try (KeepAliveSender lean = LEAN_CLIENT ? new KeepAliveSender(uri) : null) {
                        while (System.nanoTime() < end) {
                            // A status for a message not stored: kept in the history, to be applied later.
                            int n = SEQUENCE.incrementAndGet();
                            byte[] body = Samples.bytes("status-read", Samples.OUTBOUND_WAMID, "wamid.http." + n,
                                    "\"16505551234\"", "\"" + (16505570000L + n % customers) + "\"");
                            int status;
                            String answer = "";
                            if (lean != null) {
                                status = lean.post(WebhookSignature.HEADER, Samples.sign(body), body);
                            } else {
                                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                                        .header("Content-Type", "application/json")
                                        .header(WebhookSignature.HEADER, Samples.sign(body))
                                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
                                status = response.statusCode();
                                answer = response.body();
                            }
                            if (status != 200) {
                                throw new IllegalStateException("Answered " + status + ": " + answer);
                            }
                            sent++;
                        }
                    }
                    synchronized (senderCpu) {
                        senderCpu[0] += java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
                    }
                    return sent;
                }));
            }
            int total = 0;
            for (Future<Integer> count : counts) {
                total += count.get();
            }
            return total;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void call(ApiGatewayHandler handler, byte[] body) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event(body), null);
        if (response.getStatusCode() != 200) {
            throw new IllegalStateException("Answered " + response.getStatusCode() + ": " + response.getBody());
        }
    }

    private static APIGatewayV2HTTPEvent event(byte[] body) {
        return WebhookEvents.postPlain(new String(body, StandardCharsets.UTF_8),
                Map.of("content-type", "application/json", "x-hub-signature-256", Samples.sign(body)));
    }

    /** The machine is shared: the 1-minute load average says how much else ran beside the benchmark. */
    private static String loadAverage() {
        return String.format("%.1f", java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }
}
