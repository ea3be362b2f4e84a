package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * Benchmark (a program, not a test): inbound-to-reply latency through the local stack, as in AWS but in
 * one process: a signed webhook (receive-webhook) stores the message and its event, the outbox sends its
 * id to SQS (ElasticMQ), dispatch-events' fan-out forwards it to the automation queue, the automation
 * worker decides and sends through the send path, and the fake Graph API gets the reply. Each of 300
 * customers (their own phones: no pair-rate spacing, no cooldown) writes once; p50/p99 against the floor
 * (p99 under 1.5 s). {@code scripts/benchmark automation}.
 */
public final class AutomationBenchmark {

    private static final int MESSAGES = 300;

    private AutomationBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        DatabaseCoordinates database = TestDatabases.instance().create("AutomationBenchmark");
        Path home = Files.createTempDirectory("automation-benchmark");
        try (LocalServer server = LocalServer.start(new LocalServer.Options(database, Calls.freePort(), false, home.resolve("key")))) {
            Calls calls = new Calls(server.url());
            HttpResponse<String> rule = calls.call("POST", "/v1/automation/rules", server.apiKey(), "{\"name\":\"prices\",\"trigger_type\":"
                    + "\"keyword\",\"trigger_value\":\"price\",\"response_type\":\"text\",\"response_value\":\"Our prices: example.com/p\"}");
            if (rule.statusCode() != 201) {
                throw new IllegalStateException(rule.body());
            }
            FakeGraphApi graph = server.fakeGraphApi().orElseThrow();
            long[] latencies = new long[MESSAGES];
            for (int i = 0; i < MESSAGES; i++) {
                String phone = "1650555" + String.format("%04d", 3000 + i);
                int before = graph.sends().size();
                String body = inbound(server.phoneNumberId(), phone, "wamid.BENCH-" + System.nanoTime(), "what is the price?");
                long started = System.nanoTime();
                HttpResponse<String> posted = calls.post("/webhooks/whatsapp", body, Map.of("X-Hub-Signature-256", Calls.sign(body, server.appSecret())));
                if (posted.statusCode() != 200) {
                    throw new IllegalStateException(posted.body());
                }
                while (graph.sends().size() == before) {
                    if (System.nanoTime() - started > 30_000_000_000L) {
                        throw new IllegalStateException("no reply to message " + i + " within 30 s");
                    }
                    Thread.sleep(1);
                }
                latencies[i] = System.nanoTime() - started;
            }
            long[] measured = Arrays.copyOfRange(latencies, 20, MESSAGES);
            Arrays.sort(measured);
            System.out.printf("inbound-to-reply through the local stack, %d messages (first 20 as warm-up): p50 %.0f ms  p95 %.0f ms  "
                            + "p99 %.0f ms  max %.0f ms%n", measured.length, measured[measured.length / 2] / 1e6,
                    measured[measured.length * 95 / 100] / 1e6, measured[measured.length * 99 / 100] / 1e6, measured[measured.length - 1] / 1e6);
            System.out.printf("floor p99 < 1500 ms: p99/floor %.3f%n", measured[measured.length * 99 / 100] / 1.5e9);
        }
        System.exit(0);
    }

    private static String inbound(String phoneNumberId, String phone, String wamid, String text) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + LocalServer.FAKE_BUSINESS_ACCOUNT_ID
                + "\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + phoneNumberId + "\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Ana\"},\"wa_id\":\"" + phone + "\"}],"
                + "\"messages\":[{\"from\":\"" + phone + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + Instant.now().getEpochSecond()
                + "\",\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]}}]}]}";
    }
}
