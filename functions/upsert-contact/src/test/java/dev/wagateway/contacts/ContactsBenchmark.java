package dev.wagateway.contacts;

import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntFunction;

/**
 * Warm latency of the contacts API over 100,000 contacts, measured in-process through the Lambda
 * handler (API key check, rate limit, validation, SQL; no network): p50/p99 of upserts and of
 * searches, printed beside the floors of the issue. Run with scripts/benchmark upsert-contact.
 */
public final class ContactsBenchmark {

    private static final int CONTACTS = 100_000;
    private static final int WARM_UP = 2_000;
    private static final int MEASURED = 5_000;
    private static final String[] FIRST = {"Ana", "Bruno", "Carla", "Diego", "Elena", "Farid", "Grace", "Hiro", "Ines", "João",
            "Karim", "Lena", "Mário", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tariq", "محمد", "王", "Zoë"};
    private static final String[] LAST = {"Silva", "Souza", "Lima", "Costa", "Müller", "Smith", "Khan", "Tanaka", "Rossi",
            "Dubois", "Nowak", "García", "علي", "李", "Okafor"};

    public static void main(String[] args) throws Exception {
        DatabaseCoordinates database = TestDatabases.instance().create("contactsbenchmark");
        seed(new Sql(database));
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        try (ApplicationContext context = ApplicationContext.run(properties)) {
            String key = "Bearer " + context.getBean(ApiKeyService.class)
                    .create("benchmark", List.of(Scopes.ALL), 10_000_000, null).key();
            Caller lambda = TwoWays.lambda(new ApiGatewayHandler(context));
            Random random = new Random(42);

            IntFunction<Reply> upsert = i -> {
                String phone = "%2B" + phoneDigits(random.nextInt(CONTACTS + CONTACTS / 10));
                return lambda.call("PUT", "/v1/contacts/" + phone, Map.of("Authorization", key, "Content-Type", "application/json"),
                        "{\"name\":\"" + FIRST[random.nextInt(FIRST.length)] + " Bench\",\"metadata\":{\"n\":" + i + "}}");
            };
            IntFunction<Reply> search = i -> {
                String q = random.nextInt(4) == 0
                        ? String.valueOf(1000 + random.nextInt(9000))
                        : java.net.URLEncoder.encode(prefix(FIRST[random.nextInt(FIRST.length)]) + " "
                        + prefix(LAST[random.nextInt(LAST.length)]), java.nio.charset.StandardCharsets.UTF_8);
                return lambda.call("GET", "/v1/contacts?limit=20&q=" + q, Map.of("Authorization", key), null);
            };

            double[] upserts = measure("upsert", upsert);
            double[] searches = measure("search", search);
            System.out.printf("%n%d contacts, %d warm-up + %d measured calls each, in-process through the Lambda handler%n",
                    CONTACTS, WARM_UP, MEASURED);
            report("upsert (PUT /v1/contacts/{phone})", upserts, 10.0);
            report("search (GET /v1/contacts?q=)     ", searches, 30.0);
        }
    }

    private static void seed(Sql sql) {
        String first = "(ARRAY[" + String.join(",", Arrays.stream(FIRST).map(s -> "'" + s + "'").toList()) + "])";
        String last = "(ARRAY[" + String.join(",", Arrays.stream(LAST).map(s -> "'" + s + "'").toList()) + "])";
        sql.execute("INSERT INTO contacts (id, phone, name, last_message_at, message_count) "
                + "SELECT 'contact_seed_' || g, '+1202' || (200 + g / 10000) || lpad((g % 10000)::text, 4, '0'), "
                + first + "[1 + g % " + FIRST.length + "] || ' ' || " + last + "[1 + (g / 7) % " + LAST.length + "], "
                + "now() - (g || ' minutes')::interval, g % 50 FROM generate_series(0, " + (CONTACTS - 1) + ") g");
        sql.execute("ANALYZE contacts");
    }

    /** What a person types before the list narrows: the first two letters (the whole word when shorter). */
    private static String prefix(String word) {
        return word.substring(0, Math.min(2, word.length()));
    }

    /** The n-th benchmark number: +1 202 2xx xxxx, valid for libphonenumber (seeded rows use the same). */
    private static String phoneDigits(int n) {
        return "1202" + (200 + n / 10_000) + String.format("%04d", n % 10_000);
    }

    private static double[] measure(String name, IntFunction<Reply> call) {
        for (int i = 0; i < WARM_UP; i++) {
            check(name, call.apply(i));
        }
        double[] millis = new double[MEASURED];
        for (int i = 0; i < MEASURED; i++) {
            long start = System.nanoTime();
            Reply reply = call.apply(i);
            millis[i] = (System.nanoTime() - start) / 1e6;
            check(name, reply);
        }
        Arrays.sort(millis);
        return millis;
    }

    private static void check(String name, Reply reply) {
        if (reply.status() >= 300) {
            throw new IllegalStateException(name + " answered " + reply.status() + ": " + reply.body());
        }
    }

    private static void report(String name, double[] sorted, double floor) {
        double p50 = sorted[sorted.length / 2];
        double p99 = sorted[(int) Math.ceil(sorted.length * 0.99) - 1];
        System.out.printf("%s p50 %6.2f ms  p99 %6.2f ms  floor p99 < %4.1f ms  floor/p99 = %5.1fx  %s%n",
                name, p50, p99, floor, floor / p99, p99 < floor ? "OK" : "ABOVE FLOOR");
        System.out.printf("    p90 %6.2f  p95 %6.2f  p98 %6.2f  p99.9 %6.2f  max %6.2f ms%n", sorted[(int) (sorted.length * 0.9)],
                sorted[(int) (sorted.length * 0.95)], sorted[(int) (sorted.length * 0.98)], sorted[(int) (sorted.length * 0.999)],
                sorted[sorted.length - 1]);
    }

    private ContactsBenchmark() {
    }
}
