package dev.wagateway.coldstart;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.infra.EventsPipeline;
import dev.wagateway.infra.FunctionJars;
import dev.wagateway.infra.FunctionSize;
import dev.wagateway.infra.GatewayFunction;
import dev.wagateway.infra.StageConfig;
import dev.wagateway.infra.StatelessStack;
import dev.wagateway.lambdaevents.FakeSecretsManager;
import dev.wagateway.shared.auth.ApiKeyFormat;
import dev.wagateway.locals3.LocalS3;
import dev.wagateway.localsqs.LocalSqs;
import dev.wagateway.shared.id.Ids;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Cold start of each function jar: for every function the infra deploys (but the S3 import), N fresh
 * JVMs, each started on the function's shaded jar plus {@code HandlerDriver}, which constructs the
 * handler class the infra names and hands it one realistic request against a real PostgreSQL. Then one
 * more JVM per function that goes on to answer the same request a thousand times and times the next
 * thousand. Every JVM runs with each flag set ({@link JvmFlags}), interleaved, so that the load of
 * this shared machine falls on all of them alike. Prints the figures; asserts nothing about time.
 *
 * <p>Settings (system properties): {@code bench.runs} (10), {@code bench.warmUp} (1000),
 * {@code bench.measured} (1000), {@code bench.migrateCalls} (100: warm-up and timed calls of
 * db-migrate, each a whole Flyway run), {@code bench.warm} (true: false leaves out the warm JVMs), {@code bench.functions} (names of {@link GatewayFunction}, comma-separated),
 * {@code bench.stage} (dev: the memory sizes of {@link StageConfig}), {@code bench.extraFlags}
 * ({@code label=flags;label=flags}: more flag sets, e.g. to try a change side by side), {@code bench.flagSets} (labels,
 * comma-separated: only those sets; all when empty), {@code bench.jvmLimitSeconds} (300: a JVM still running then is
 * killed and its function counted as failed), {@code bench.bare} (true: the bare function too, bench/bare-function's
 * jar), {@code bench.withoutAot} (a folder of jars built with {@code -Dfunction.aot=false}: each function found there is
 * measured in both builds), {@code bench.snapStart} (true: per round one SnapStart-shaped JVM of each AOT jar, Lambda's
 * flags: init, the CRaC resources' checkpoint and restore, then the request twice).
 * PostgreSQL: {@code DEVDB_URL} or an embedded one, as for the tests. Exits with 1 when a function did not
 * answer (its row says why).
 */
public final class ColdStartBenchmark {

    static final String ACCESS_TOKEN = "EAAG-bench-token";
    static final String APP_SECRET = "bench-app-secret";
    static final String VERIFY_TOKEN = "bench-verify-token";
    static final String PHONE_NUMBER_ID = "106540352242922";
    static final String BUSINESS_ACCOUNT_ID = "102290129340398";
    static final String DATABASE_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wa-gateway-bench-db-AbCdEf";
    static final String WHATSAPP_SECRET_ARN = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:wa-gateway-bench-whatsapp-GhIjKl";
    private static final int TEMPLATES = 200;
    static final String MEDIA_BUCKET = "wa-gateway-bench-media";

    private ColdStartBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        if (!run()) {
            // A function that cannot start is a finding, not a figure: the run says so in its exit status too.
            System.exit(1);
        }
    }

    /** The whole benchmark, as the system properties say; false when a function did not answer. */
    static boolean run() throws IOException {
        int runs = Integer.getInteger("bench.runs", 10);
        int warmUp = Integer.getInteger("bench.warmUp", 1000);
        int measured = Integer.getInteger("bench.measured", 1000);
        int migrateCalls = Integer.getInteger("bench.migrateCalls", 100);
        boolean warm = Boolean.parseBoolean(System.getProperty("bench.warm", "true"));
        StageConfig stage = StageConfig.named(System.getProperty("bench.stage", "dev"));
        List<JvmFlags> flagSets = JvmFlags.sets(System.getProperty("bench.extraFlags", ""), System.getProperty("bench.flagSets", ""));
        Duration jvmLimit = Duration.ofSeconds(Long.getLong("bench.jvmLimitSeconds", 300));
        FunctionJars jars = FunctionJars.ofThisRepository();
        // Jars built with -Dfunction.aot=false, copied aside (scripts/benchmark cold-start does): each function found there
        // is measured in both builds.
        String withoutAot = System.getProperty("bench.withoutAot", "");
        Path withoutAotJars = withoutAot.isBlank() ? null : Path.of(withoutAot);
        // AOT jars of another commit (a folder of copies), each measured beside this commit's jar of the same function:
        // a change's before and after in one run, interleaved (issue 18's priming work).
        String baseline = System.getProperty("bench.baseline", "");
        Path baselineJars = baseline.isBlank() ? null : Path.of(baseline);
        boolean bare = Boolean.parseBoolean(System.getProperty("bench.bare", "true"));
        boolean snapStart = Boolean.parseBoolean(System.getProperty("bench.snapStart", "true"));
        List<Target> targets = new ArrayList<>();
        if (bare) {
            int memoryMb = stage.size(GatewayFunction.UPSERT_CONTACT).memoryMb();
            targets.add(Target.bare(Target.AOT, bareJar(jars, withoutAotJars, false), memoryMb));
            if (withoutAotJars != null) {
                targets.add(Target.bare(Target.WITHOUT_AOT, bareJar(jars, withoutAotJars, true), memoryMb));
            }
        }
        for (GatewayFunction function : functions(System.getProperty("bench.functions", ""))) {
            FunctionSize size = stage.size(function);
            boolean migrate = function == GatewayFunction.DB_MIGRATE;
            Path jar = jars.require(function);
            targets.add(new Target(function, Target.AOT, jar, function.handler(), size.memoryMb(),
                    size.timeoutSeconds(), migrate ? migrateCalls : warmUp, migrate ? migrateCalls : measured));
            Path plain = withoutAotJars == null ? null : withoutAotJars.resolve(jar.getFileName());
            if (plain != null && Files.isRegularFile(plain)) {
                targets.add(new Target(function, Target.WITHOUT_AOT, plain, function.handler(), size.memoryMb(),
                        size.timeoutSeconds(), migrate ? migrateCalls : warmUp, migrate ? migrateCalls : measured));
            }
            Path before = baselineJars == null ? null : baselineJars.resolve(jar.getFileName());
            if (before != null && Files.isRegularFile(before)) {
                targets.add(new Target(function, Target.BASELINE, before, function.handler(), size.memoryMb(),
                        size.timeoutSeconds(), migrate ? migrateCalls : warmUp, migrate ? migrateCalls : measured));
            }
        }

        Report report = new Report(runs, stage.name(), flagSets, targets);
        report.started();
        DatabaseCoordinates database = TestDatabases.instance().create("ColdStart");
        String apiKey = seed(database);
        try (FakeGraphApi graph = new FakeGraphApi(ACCESS_TOKEN);
             LocalSqs queue = LocalSqs.start();
             LocalS3 s3 = LocalS3.startTemporary().bucket(MEDIA_BUCKET);
             FakeSecretsManager secrets = new FakeSecretsManager(Map.of(
                     DATABASE_SECRET_ARN, databaseSecret(database),
                     WHATSAPP_SECRET_ARN, "{\"accessToken\":\"" + ACCESS_TOKEN + "\",\"appSecret\":\"" + APP_SECRET
                             + "\",\"verifyToken\":\"" + VERIFY_TOKEN + "\"}"))) {
            graph.recording(false);
            FunctionJvm jvm = new FunctionJvm(lambdaEnvironment(secrets, apiKey), jvmLimit);
            report.setting(TestDatabases.instance().origin(), jvm.java());

            for (int run = 1; run <= runs; run++) {
                for (Target target : targets) {
                    for (JvmFlags flags : flagSets) {
                        if (!report.failed(target, flags)) {
                            int readsBefore = secrets.reads();
                            run(jvm, report, target, flags, functionEnvironment(target, database, graph, queue, s3), false);
                            report.secretReads(target, secrets.reads() - readsBefore);
                        }
                    }
                    // db-migrate is deployed without SnapStart (DatabaseJobs): it has no snapshot to measure, nor the
                    // function handler's context the SnapStart-shaped driver reads its CRaC resources from.
                    if (snapStart && target.function() != GatewayFunction.DB_MIGRATE
                            && (target.build().equals(Target.AOT) || target.build().equals(Target.BASELINE)) && !report.failed(target, JvmFlags.LAMBDA)) {
                        snapStart(jvm, report, target, functionEnvironment(target, database, graph, queue, s3));
                    }
                }
                report.roundDone(run);
            }
            for (Target target : warm ? targets : List.<Target>of()) {
                for (JvmFlags flags : flagSets) {
                    if (!report.failed(target, flags)) {
                        run(jvm, report, target, flags, functionEnvironment(target, database, graph, queue, s3), true);
                    }
                }
            }
            report.finished();
        }
        return !report.anyFailed();
    }

    /** One JVM; a function that does not answer is reported as such (it would not start on Lambda either). */
    private static void run(FunctionJvm jvm, Report report, Target target, JvmFlags flags, Map<String, String> environment,
                            boolean warm) {
        try {
            FunctionJvm.Result result = jvm.run(target, flags.forMemory(target.memoryMb()), environment, warm);
            if (warm) {
                report.warm(target, flags, result.warm());
            } else {
                report.cold(target, flags, result.cold());
            }
        } catch (FunctionJvm.FunctionFailed e) {
            System.out.println("BENCHMARK " + target.module() + " " + target.build() + " (" + flags.label() + ") failed: "
                    + e.getMessage());
            report.failure(target, flags, e.reason());
        }
    }

    /** One SnapStart-shaped JVM, with Lambda's flags. */
    private static void snapStart(FunctionJvm jvm, Report report, Target target, Map<String, String> environment) {
        try {
            report.snapStart(target, jvm.snapStart(target, JvmFlags.LAMBDA.forMemory(target.memoryMb()), environment));
        } catch (FunctionJvm.FunctionFailed e) {
            System.out.println("BENCHMARK " + target.module() + " (SnapStart-shaped) failed: " + e.getMessage());
            report.snapStartFailure(target, e.reason());
        }
    }

    /** The bare function's jar (bench/bare-function), as built or from the jars built without AOT. */
    private static Path bareJar(FunctionJars jars, Path withoutAotJars, boolean plain) {
        String name = Target.BARE + "-" + jars.pathOf(GatewayFunction.UPSERT_CONTACT).getFileName().toString()
                .substring(GatewayFunction.UPSERT_CONTACT.module().length() + 1);
        Path jar = plain ? withoutAotJars.resolve(name) : jars.repositoryRoot().resolve("bench").resolve(Target.BARE)
                .resolve("target").resolve(name);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("The bare function's jar is missing: " + jar + " (build bench/bare-function, "
                    + "or run with -Dbench.bare=false)");
        }
        return jar;
    }

    private static Set<GatewayFunction> functions(String names) {
        Set<GatewayFunction> functions = EnumSet.allOf(GatewayFunction.class);
        // It reads its file from S3: no request of it can be answered here.
        functions.remove(GatewayFunction.DB_IMPORT);
        if (names.isBlank()) {
            return functions;
        }
        Set<GatewayFunction> chosen = EnumSet.noneOf(GatewayFunction.class);
        Arrays.stream(names.split(",")).map(String::strip).map(GatewayFunction::valueOf).forEach(chosen::add);
        chosen.retainAll(functions);
        return chosen;
    }

    /** What Lambda's java21 runtime puts in every function's environment, and where the fakes are. */
    private static Map<String, String> lambdaEnvironment(FakeSecretsManager secrets, String apiKey) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("PATH", "/usr/local/bin:/usr/bin/:/bin");
        environment.put("LANG", "en_US.UTF-8");
        environment.put("TZ", ":UTC");
        environment.put("AWS_REGION", "eu-west-1");
        environment.put("AWS_DEFAULT_REGION", "eu-west-1");
        environment.put("AWS_EXECUTION_ENV", "AWS_Lambda_java21");
        environment.put("AWS_LAMBDA_FUNCTION_VERSION", "1");
        environment.put("AWS_ACCESS_KEY_ID", "ASIABENCHKEY");
        environment.put("AWS_SECRET_ACCESS_KEY", "bench-secret-access-key");
        environment.put("AWS_SESSION_TOKEN", "bench-session-token");
        // The SDK's own setting for another endpoint: the product's code is not changed for the benchmark.
        environment.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint());
        environment.put("BENCH_API_KEY", apiKey);
        environment.put("BENCH_APP_SECRET", APP_SECRET);
        return environment;
    }

    /**
     * What the infra sets for this function (StatelessStack), plus the WhatsApp ids it does not set and the event
     * queue's and the media bucket's endpoints (ElasticMQ and S3Proxy on loopback: in AWS the SDK finds them itself).
     */
    private static Map<String, String> functionEnvironment(Target target, DatabaseCoordinates database, FakeGraphApi graph,
                                                           LocalSqs queue, LocalS3 s3) {
        Map<String, String> environment = new HashMap<>();
        environment.put("AWS_LAMBDA_FUNCTION_NAME", "wa-gateway-bench-" + target.module());
        environment.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", String.valueOf(target.memoryMb()));
        environment.put("LOG_FORMAT", "json");
        if (target.isBare()) {
            // No database, no queue, no Meta: only what Lambda sets.
            return environment;
        }
        environment.put("DATASOURCES_DEFAULT_URL", database.jdbcUrl());
        environment.put("DATASOURCES_DEFAULT_USERNAME", database.username());
        if (target.function() == GatewayFunction.DB_MIGRATE) {
            // The master secret, as DatabaseJobs gives it.
            environment.put("DB_SECRET_ARN", DATABASE_SECRET_ARN);
        } else {
            // In AWS the others log in with IAM through RDS Proxy, a token signed in the function (no network call,
            // no secret): a password in the environment is the nearest stand-in. They have no Secrets Manager
            // client to read a database secret with unless they read the WhatsApp secret (shared/secrets).
            environment.put("DATASOURCES_DEFAULT_PASSWORD", databasePassword(database));
        }
        if (EventsPipeline.SENDERS.contains(target.function())) {
            environment.put(EventsPipeline.QUEUE_URL_VARIABLE, queue.queueUrl());
            environment.put("EVENTS_QUEUE_ENDPOINT", queue.endpoint().toString());
        }
        if (target.function().usesMediaBucket()) {
            environment.put(StatelessStack.MEDIA_BUCKET_VARIABLE, MEDIA_BUCKET);
            environment.put("MEDIA_STORAGE_ENDPOINT", s3.endpoint().toString());
            environment.put("MEDIA_STORAGE_ACCESS_KEY_ID", LocalS3.ACCESS_KEY);
            environment.put("MEDIA_STORAGE_SECRET_ACCESS_KEY", LocalS3.SECRET_KEY);
        }
        if (target.function().usesWhatsApp()) {
            environment.put("WHATSAPP_SECRET_ARN", WHATSAPP_SECRET_ARN);
            environment.put("WHATSAPP_PHONE_NUMBER_ID", PHONE_NUMBER_ID);
            environment.put("WHATSAPP_BUSINESS_ACCOUNT_ID", BUSINESS_ACCOUNT_ID);
            environment.put("WHATSAPP_GRAPH_BASE_URL", graph.baseUrl());
        }
        return environment;
    }

    /** An RDS-generated secret's fields (db-migrate's). */
    private static String databaseSecret(DatabaseCoordinates database) {
        return "{\"engine\":\"postgres\",\"username\":\"" + database.username() + "\",\"password\":\"" + databasePassword(database) + "\"}";
    }

    /** A trust-authenticated server ignores the password, but the secret needs one. */
    private static String databasePassword(DatabaseCoordinates database) {
        return database.password() == null || database.password().isEmpty() ? "not-checked" : database.password();
    }

    /** An API key with every scope and no practical rate limit, a contact, and a page's worth of templates. */
    private static String seed(DatabaseCoordinates database) {
        String id = Ids.API_KEY.next();
        String key = ApiKeyFormat.newKey(id);
        Sql sql = new Sql(database);
        sql.execute("INSERT INTO api_keys (id, key_hash, hash_algorithm, name, permissions, rate_limit) VALUES ('"
                + id + "', '" + ApiKeyFormat.sha256Hex(key) + "', 'sha256', 'cold start benchmark', '[\"*\"]', 100000000)");
        // The customer wrote just now: the send's text is within their 24-hour customer service window.
        sql.execute("INSERT INTO contacts (id, phone, name, last_inbound_at) VALUES ('" + Ids.CONTACT.next()
                + "', '+16505551234', 'José Ñandú', now())");
        sql.execute("""
                INSERT INTO templates (id, name, language, category, status, content, components, body_parameter_count)
                SELECT 'tmpl_bench_' || lpad(i::text, 5, '0'), 'template_' || md5(i::text),
                       (ARRAY['en_US', 'pt_BR', 'es', 'de'])[1 + i % 4],
                       (ARRAY['MARKETING', 'UTILITY', 'AUTHENTICATION'])[1 + i % 3],
                       (ARRAY['APPROVED', 'APPROVED', 'PENDING', 'REJECTED', 'PAUSED'])[1 + i % 5],
                       'Hi {{1}}, your order {{2}} is on its way',
                       jsonb_build_array(jsonb_build_object('type', 'BODY', 'text', 'Hi {{1}}, your order {{2}} is on its way')),
                       2
                FROM generate_series(1, COUNT) AS i""".replace("COUNT", String.valueOf(TEMPLATES)));
        sql.execute("ANALYZE");
        return key;
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }
}
