package dev.wagateway.infra;

import static dev.wagateway.infra.TemplateJson.getAtt;
import static dev.wagateway.infra.TemplateJson.importValue;
import static dev.wagateway.infra.TemplateJson.joinParts;
import static dev.wagateway.infra.TemplateJson.list;
import static dev.wagateway.infra.TemplateJson.map;
import static dev.wagateway.infra.TemplateJson.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatelessStackTest {

    /** The routes the product documents, written out here rather than read from the code under test. */
    private static final Map<String, GatewayFunction> EXPECTED_ROUTES = Map.ofEntries(
            Map.entry("GET /v1/messages", GatewayFunction.SEND_MESSAGE),
            Map.entry("POST /v1/messages", GatewayFunction.SEND_MESSAGE),
            Map.entry("GET /v1/messages/{id}", GatewayFunction.SEND_MESSAGE),
            Map.entry("POST /v1/messages/{id}/read", GatewayFunction.SEND_MESSAGE),
            Map.entry("GET /v1/stats/messages", GatewayFunction.SEND_MESSAGE),
            Map.entry("GET /v1/contacts", GatewayFunction.UPSERT_CONTACT),
            Map.entry("GET /v1/contacts/{ref}", GatewayFunction.UPSERT_CONTACT),
            Map.entry("PUT /v1/contacts/{ref}", GatewayFunction.UPSERT_CONTACT),
            Map.entry("DELETE /v1/contacts/{ref}", GatewayFunction.UPSERT_CONTACT),
            Map.entry("GET /v1/templates", GatewayFunction.LIST_TEMPLATES),
            Map.entry("POST /v1/templates", GatewayFunction.LIST_TEMPLATES),
            Map.entry("DELETE /v1/templates/{name}", GatewayFunction.LIST_TEMPLATES),
            Map.entry("POST /v1/templates/sync", GatewayFunction.LIST_TEMPLATES),
            Map.entry("GET /webhooks/whatsapp", GatewayFunction.RECEIVE_WEBHOOK),
            Map.entry("POST /webhooks/whatsapp", GatewayFunction.RECEIVE_WEBHOOK),
            Map.entry("GET /v1/webhooks", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("POST /v1/webhooks", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("GET /v1/webhooks/{id}", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("PATCH /v1/webhooks/{id}", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("DELETE /v1/webhooks/{id}", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("POST /v1/webhooks/{id}/secret", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("POST /v1/webhooks/{id}/test", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("GET /v1/webhooks/{id}/deliveries", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("POST /v1/webhooks/{id}/replay", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("GET /v1/events", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("GET /v1/events/{id}", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("POST /v1/events/{id}/redeliver", GatewayFunction.MANAGE_WEBHOOKS),
            Map.entry("GET /v1/automation/rules", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("POST /v1/automation/rules", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("GET /v1/automation/rules/{id}", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("PUT /v1/automation/rules/{id}", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("DELETE /v1/automation/rules/{id}", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("POST /v1/automation/test", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("GET /v1/flows", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("POST /v1/flows", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("GET /v1/flows/{id}", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("PUT /v1/flows/{id}", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("DELETE /v1/flows/{id}", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("GET /v1/conversations", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("GET /v1/conversations/{id}", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("POST /v1/conversations/{id}/end", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("POST /v1/conversations/{id}/release", GatewayFunction.MANAGE_AUTOMATION),
            Map.entry("POST /v1/media", GatewayFunction.MEDIA),
            Map.entry("GET /v1/media/{id}", GatewayFunction.MEDIA),
            Map.entry("DELETE /v1/media/{id}", GatewayFunction.MEDIA),
            Map.entry("GET /v1/media/{id}/info", GatewayFunction.MEDIA));

    /** Around RDS Proxy, with the master secret; every other function goes through it with IAM. */
    private static final Set<GatewayFunction> DIRECT = Set.of(GatewayFunction.DB_MIGRATE, GatewayFunction.DB_IMPORT);

    private static final Set<GatewayFunction> SNAPSTART_FUNCTIONS = Set.of(GatewayFunction.SEND_MESSAGE,
            GatewayFunction.RECEIVE_WEBHOOK, GatewayFunction.UPSERT_CONTACT, GatewayFunction.LIST_TEMPLATES,
            GatewayFunction.TEMPLATE_SYNC, GatewayFunction.MANAGE_WEBHOOKS, GatewayFunction.DISPATCH_EVENTS,
            GatewayFunction.EVENTS_SWEEP, GatewayFunction.EVENTS_RETENTION, GatewayFunction.AUTOMATION_WORKER,
            GatewayFunction.MANAGE_AUTOMATION, GatewayFunction.MEDIA, GatewayFunction.MEDIA_JOBS, GatewayFunction.MEDIA_RETRY,
            GatewayFunction.LEGACY_MEDIA);

    /** The functions that send event ids to the queue (written out here, not read from EventsPipeline). */
    private static final Set<GatewayFunction> EVENT_SENDERS = Set.of(GatewayFunction.SEND_MESSAGE,
            GatewayFunction.RECEIVE_WEBHOOK, GatewayFunction.UPSERT_CONTACT, GatewayFunction.LIST_TEMPLATES,
            GatewayFunction.TEMPLATE_SYNC, GatewayFunction.MANAGE_WEBHOOKS, GatewayFunction.DISPATCH_EVENTS,
            GatewayFunction.EVENTS_SWEEP, GatewayFunction.AUTOMATION_WORKER, GatewayFunction.MANAGE_AUTOMATION,
            GatewayFunction.MEDIA, GatewayFunction.MEDIA_JOBS, GatewayFunction.MEDIA_RETRY, GatewayFunction.LEGACY_MEDIA);

    private SynthesizedDevApp dev;
    private TemplateJson template;
    private Map<GatewayFunction, String> functionIds;

    @BeforeAll
    void synthesize() {
        dev = SynthesizedDevApp.get();
        template = dev.statelessJson;
        functionIds = new HashMap<>();
        for (GatewayFunction function : GatewayFunction.values()) {
            functionIds.put(function, SynthesizedDevApp.logicalId(dev.stacks.stateless().function(function)));
        }
    }

    @Test
    void resourceCounts() {
        dev.stateless.resourceCountIs("AWS::Lambda::Function", 18); // seventeen functions and the CDK's trigger provider
        dev.stateless.resourceCountIs("AWS::Lambda::Alias", 15);
        dev.stateless.resourceCountIs("AWS::Lambda::Version", 16);
        // The dispatcher's, the automation worker's and the media job's.
        dev.stateless.resourceCountIs("AWS::Lambda::EventSourceMapping", 3);
        // The scheduled jobs' failures; the event queue, the automation and media consumers' queues, each with its dead letters.
        dev.stateless.resourceCountIs("AWS::SQS::Queue", 7);
        dev.stateless.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        dev.stateless.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
        dev.stateless.resourceCountIs("AWS::ApiGatewayV2::Route", EXPECTED_ROUTES.size());
        dev.stateless.resourceCountIs("AWS::ApiGatewayV2::Integration", 7);
        dev.stateless.resourceCountIs("Custom::Trigger", 1);
        // The template sync, the sweep, retention, the media retries.
        dev.stateless.resourceCountIs("AWS::Events::Rule", 4);
        // 4 on the API and the schedules' failures, 3 per function behind an alias, 3 on the events pipeline, 1 on each
        // consumer's dead letters.
        dev.stateless.resourceCountIs("AWS::CloudWatch::Alarm", 4 + 3 * SNAPSTART_FUNCTIONS.size() + 3 + 2);
    }

    @Test
    void eachRouteReachesItsFunctionThroughTheLiveAlias() {
        Map<String, String> expected = new TreeMap<>();
        EXPECTED_ROUTES.forEach((key, function) -> expected.put(key, functionIds.get(function)));
        assertEquals(expected, template.routeTargets());
    }

    @Test
    void eachFunctionRunsItsModulesJarOnJava21Arm64() throws IOException {
        for (GatewayFunction function : GatewayFunction.values()) {
            Map<String, Object> fn = template.properties(functionIds.get(function));
            assertEquals("java21", fn.get("Runtime"), function.name());
            assertEquals(List.of("arm64"), fn.get("Architectures"), function.name());
            assertEquals(function.handler(), fn.get("Handler"), function.name());
            FunctionSize size = dev.stage.size(function);
            assertEquals(size.memoryMb(), ((Number) fn.get("MemorySize")).intValue(), function.name());
            assertEquals(size.timeoutSeconds(), ((Number) fn.get("Timeout")).intValue(), function.name());
            // The staged asset is byte for byte the module's shaded jar.
            String key = (String) map(fn.get("Code")).get("S3Key");
            Path staged = dev.assemblyDirectory.resolve("asset." + key);
            assertEquals(-1L, Files.mismatch(staged, dev.jars.require(function)),
                    function + " deploys " + staged + ", not " + dev.jars.pathOf(function));
            // Private subnets of the shared VPC.
            Map<String, Object> vpcConfig = map(fn.get("VpcConfig"));
            for (Object subnet : list(vpcConfig.get("SubnetIds"))) {
                assertTrue(importValue(subnet).contains("Vpcfunctions"), function + " subnet " + subnet);
            }
        }
        assertEquals("dev.wagateway.shared.lambda.ApiGatewayHandler",
                template.properties(functionIds.get(GatewayFunction.SEND_MESSAGE)).get("Handler"));
        assertEquals("dev.wagateway.listtemplates.TemplateSyncHandler",
                template.properties(functionIds.get(GatewayFunction.TEMPLATE_SYNC)).get("Handler"));
        assertEquals("dev.wagateway.dbmigrate.MigrationHandler",
                template.properties(functionIds.get(GatewayFunction.DB_MIGRATE)).get("Handler"));
        assertEquals("dev.wagateway.dbmigrate.ImportHandler",
                template.properties(functionIds.get(GatewayFunction.DB_IMPORT)).get("Handler"));
        assertEquals("dev.wagateway.shared.lambda.ApiGatewayHandler",
                template.properties(functionIds.get(GatewayFunction.MANAGE_WEBHOOKS)).get("Handler"));
        assertEquals("dev.wagateway.dispatch.DispatchHandler",
                template.properties(functionIds.get(GatewayFunction.DISPATCH_EVENTS)).get("Handler"));
        assertEquals("dev.wagateway.dispatch.SweepHandler",
                template.properties(functionIds.get(GatewayFunction.EVENTS_SWEEP)).get("Handler"));
        assertEquals("dev.wagateway.dispatch.RetentionHandler",
                template.properties(functionIds.get(GatewayFunction.EVENTS_RETENTION)).get("Handler"));
    }

    @Test
    void eachJarHoldsWhatItsHandlerAndJdbcUrlNameAndOfTheRdsSdkOnlyTheTokenSigner() throws IOException {
        for (GatewayFunction function : GatewayFunction.values()) {
            try (java.util.jar.JarFile jar = new java.util.jar.JarFile(dev.jars.require(function).toFile())) {
                for (String className : List.of(function.handler(), Handlers.RDS_CERTIFICATES, Handlers.RDS_IAM_AUTHENTICATION,
                        "software.amazon.awssdk.services.rds.RdsUtilities")) {
                    String entry = className.replace('.', '/') + ".class";
                    assertTrue(jar.getEntry(entry) != null, function + ": " + jar.getName() + " lacks " + entry);
                }
                assertTrue(jar.getEntry("db/rds-ca-bundle.pem") != null, function + " lacks the RDS CA bundle");
                assertNull(jar.getEntry("software/amazon/awssdk/services/rds/RdsClient.class"),
                        function + " carries the RDS API client, which nothing uses");
            }
        }
    }

    @Test
    void snapStartOnPublishedVersionsBehindTheLiveAlias() {
        for (GatewayFunction function : GatewayFunction.values()) {
            Map<String, Object> fn = template.properties(functionIds.get(function));
            if (!SNAPSTART_FUNCTIONS.contains(function)) {
                assertNull(fn.get("SnapStart"), function + " runs once per deploy and needs no snapshot");
                continue;
            }
            assertEquals(Map.of("ApplyOn", "PublishedVersions"), fn.get("SnapStart"), function.name());
            Map<String, Object> alias = template.properties(
                    SynthesizedDevApp.logicalId(dev.stacks.stateless().alias(function)));
            assertEquals("live", alias.get("Name"));
            assertEquals(functionIds.get(function), ref(alias.get("FunctionName")));
            String versionId = getAtt(alias.get("FunctionVersion"), "Version");
            assertEquals("AWS::Lambda::Version", template.typeOf(versionId));
            assertEquals(functionIds.get(function), ref(template.properties(versionId).get("FunctionName")));
        }
    }

    @Test
    void functionsReachTheDatabaseThroughTheProxyAndDbMigrateDirectlyAlwaysVerifyingTls() {
        String proxyId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getProxy());
        String databaseId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getDatabase());
        for (GatewayFunction function : GatewayFunction.values()) {
            Map<String, Object> env = environment(function);
            List<Object> url = joinParts(env.get("DATASOURCES_DEFAULT_URL"));
            assertEquals("jdbc:postgresql://", url.get(0));
            String host = importValue(url.get(1));
            String tls = ":5432/wagateway?sslmode=verify-full&sslfactory=dev.wagateway.shared.datasource.RdsCertificates";
            if (DIRECT.contains(function)) {
                assertTrue(host.contains(databaseId) && host.contains("EndpointAddress"), host);
                assertFalse(host.contains(proxyId), host);
                assertEquals(tls, url.get(2), function.name());
                assertEquals("wagateway", env.get("DATASOURCES_DEFAULT_USERNAME"), "the master user");
            } else {
                assertTrue(host.contains(proxyId) && host.contains("Endpoint"), function + " " + host);
                assertEquals(tls + "&authenticationPluginClassName=dev.wagateway.shared.datasource.RdsIamAuthentication",
                        url.get(2), function.name());
                assertEquals("wagateway_app", env.get("DATASOURCES_DEFAULT_USERNAME"), "the application role of V36");
            }
            assertEquals("json", env.get("LOG_FORMAT"));
        }
    }

    @Test
    void onlyDbMigrateAndTheImportReadTheMasterSecretAndOnlyTheOthersMayLogInThroughTheProxy() {
        String databaseSecret = SynthesizedDevApp.logicalId(
                dev.stacks.stateful().getDatabase().getNode().findChild("Secret").getNode().findChild("Attachment"));
        String whatsAppSecret = SynthesizedDevApp.logicalId(dev.stacks.stateful().getWhatsAppSecret());
        String proxyId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getProxy());
        for (GatewayFunction function : GatewayFunction.values()) {
            Map<String, Object> env = environment(function);
            Set<String> expectedKeys = new java.util.HashSet<>(Set.of("DATASOURCES_DEFAULT_URL",
                    "DATASOURCES_DEFAULT_USERNAME", "DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE", "LOG_FORMAT", "WA_GATEWAY_STAGE"));
            assertEquals("dev", env.get("WA_GATEWAY_STAGE"), function.name());
            if (EVENT_SENDERS.contains(function)) {
                expectedKeys.add("EVENTS_QUEUE_URL");
                assertEquals(queueId(), ref(env.get("EVENTS_QUEUE_URL")), function.name());
            }
            if (DIRECT.contains(function)) {
                expectedKeys.add("DB_SECRET_ARN");
                assertTrue(importValue(env.get("DB_SECRET_ARN")).contains(databaseSecret), function.name());
            }
            if (function.usesWhatsApp()) {
                expectedKeys.add("WHATSAPP_SECRET_ARN");
                assertTrue(importValue(env.get("WHATSAPP_SECRET_ARN")).contains(whatsAppSecret), function.name());
            }
            if (function == GatewayFunction.DB_IMPORT) {
                expectedKeys.add("IMPORT_BUCKET");
            }
            if (function.usesMediaBucket()) {
                expectedKeys.add(StatelessStack.MEDIA_BUCKET_VARIABLE);
            }
            if (function == GatewayFunction.DISPATCH_EVENTS) {
                // Where its fan-out forwards to the product's own consumers.
                expectedKeys.addAll(Set.of("MEDIA_QUEUE_URL", "AUTOMATION_QUEUE_URL"));
            }
            if (SNAPSTART_FUNCTIONS.contains(function)) {
                // The fixture passes secretsRevision=7: a changed secret reaches the snapshots by a redeploy.
                expectedKeys.add("SECRETS_REVISION");
                assertEquals("7", env.get("SECRETS_REVISION"));
            }
            assertEquals(expectedKeys, env.keySet(), function.name());
            // The role may read exactly the secrets in the environment, nothing else.
            Set<String> readable = secretsReadableBy(function);
            assertEquals((DIRECT.contains(function) ? 1 : 0) + (function.usesWhatsApp() ? 1 : 0), readable.size(),
                    function + " reads " + readable);
            assertEquals(DIRECT.contains(function), readable.stream().anyMatch(s -> s.contains(databaseSecret)),
                    function + " " + readable);
            assertEquals(function.usesWhatsApp(), readable.stream().anyMatch(s -> s.contains(whatsAppSecret)),
                    function + " " + readable);
            // rds-db:connect: as wagateway_app, on this proxy, for the proxied functions only.
            List<Object> connect = statementsOf(roleOf(function)).stream()
                    .filter(statement -> actions(statement).stream().anyMatch(a -> a.toString().startsWith("rds-db:")))
                    .map(statement -> statement.get("Resource"))
                    .toList();
            if (DIRECT.contains(function)) {
                assertEquals(List.of(), connect, function.name());
            } else {
                assertEquals(1, connect.size(), function + " " + connect);
                List<Object> arn = joinParts(connect.get(0));
                assertEquals("/wagateway_app", arn.get(arn.size() - 1), function + " " + arn);
                assertTrue(arn.contains(":rds-db:") && arn.contains(":dbuser:"), function + " " + arn);
                assertTrue(arn.get(arn.size() - 2).toString().contains(proxyId), function + ": this proxy's id " + arn);
            }
        }
    }

    @Test
    void everyFunctionLogsToItsOwnGroupWithRetention() {
        Set<String> groups = new java.util.HashSet<>();
        for (GatewayFunction function : GatewayFunction.values()) {
            String group = ref(map(template.properties(functionIds.get(function)).get("LoggingConfig")).get("LogGroup"));
            assertEquals(dev.stage.logRetentionDays(),
                    ((Number) template.properties(group).get("RetentionInDays")).intValue(), function.name());
            groups.add(group);
        }
        assertEquals(GatewayFunction.values().length, groups.size());
    }

    @Test
    void apiFunctionsDependOnTheMigrationThatFailsTheDeploy() {
        Map<String, Map<String, Object>> triggers = template.ofType("Custom::Trigger");
        assertEquals(1, triggers.size());
        String triggerId = triggers.keySet().iterator().next();
        Map<String, Object> trigger = triggers.get(triggerId);
        // RequestResponse: the provider waits for db-migrate and fails the resource on a FunctionError.
        assertEquals("RequestResponse", trigger.get("InvocationType"));
        assertEquals(true, trigger.get("ExecuteOnHandlerChange"));
        String versionId = ref(trigger.get("HandlerArn"));
        assertEquals(functionIds.get(GatewayFunction.DB_MIGRATE), ref(template.properties(versionId).get("FunctionName")));
        long timeoutMs = Long.parseLong((String) trigger.get("Timeout"));
        assertTrue(timeoutMs > dev.stage.size(GatewayFunction.DB_MIGRATE).timeoutSeconds() * 1000L,
                "the trigger must outwait db-migrate");

        for (GatewayFunction function : GatewayFunction.values()) {
            if (function != GatewayFunction.DB_MIGRATE) {
                assertTrue(template.dependsOn(functionIds.get(function)).contains(triggerId),
                        function + " must wait for the migration");
            }
        }
        assertFalse(template.dependsOn(functionIds.get(GatewayFunction.DB_MIGRATE)).contains(triggerId));
    }

    @Test
    void defaultThrottlingAndAccessLogs() {
        Map<String, Map<String, Object>> stages = template.ofType("AWS::ApiGatewayV2::Stage");
        Map<String, Object> stage = stages.values().iterator().next();
        assertEquals("$default", stage.get("StageName"));
        assertEquals(true, stage.get("AutoDeploy"));
        Map<String, Object> routeSettings = map(stage.get("DefaultRouteSettings"));
        assertEquals(dev.stage.apiRateLimit(), ((Number) routeSettings.get("ThrottlingRateLimit")).intValue());
        assertEquals(dev.stage.apiBurstLimit(), ((Number) routeSettings.get("ThrottlingBurstLimit")).intValue());
        Map<String, Object> accessLogs = map(stage.get("AccessLogSettings"));
        String logGroup = getAtt(accessLogs.get("DestinationArn"), "Arn");
        assertEquals("AWS::Logs::LogGroup", template.typeOf(logGroup));
        String format = (String) accessLogs.get("Format");
        assertTrue(format.contains("$context.requestId") && format.contains("$context.status"), format);
        assertFalse(format.contains("authorization") || format.contains("$context.requestBody"), format);
    }

    @Test
    void outputsTellTheOperatorWhereTheApiAndTheWebhookAre() {
        String apiId = SynthesizedDevApp.logicalId(dev.stacks.stateless().getApi());
        Map<String, Object> outputs = map(template.raw().get("Outputs"));
        List<Object> api = joinParts(map(outputs.get("ApiUrl")).get("Value"));
        List<Object> webhook = joinParts(map(outputs.get("WebhookUrl")).get("Value"));
        assertEquals(apiId, ref(api.get(1)));
        assertEquals(apiId, ref(webhook.get(1)));
        assertEquals("/", api.get(api.size() - 1));
        assertEquals("/webhooks/whatsapp", webhook.get(webhook.size() - 1));
        assertTrue(map(dev.statefulJson.raw().get("Outputs")).containsKey("WhatsAppSecretArn"));
    }

    @Test
    void templateSyncRunsOnASchedule() {
        Map<String, Object> rule = ruleTargeting(GatewayFunction.TEMPLATE_SYNC);
        assertEquals("rate(6 hours)", rule.get("ScheduleExpression"));
        assertEquals("ENABLED", rule.get("State"));
        List<Object> targets = list(rule.get("Targets"));
        assertEquals(1, targets.size());
        String aliasId = ref(map(targets.get(0)).get("Arn"));
        assertEquals(functionIds.get(GatewayFunction.TEMPLATE_SYNC), ref(template.properties(aliasId).get("FunctionName")));
        boolean eventsMayInvoke = template.ofType("AWS::Lambda::Permission").values().stream()
                .anyMatch(p -> "events.amazonaws.com".equals(p.get("Principal"))
                        && aliasId.equals(ref(p.get("FunctionName"))));
        assertTrue(eventsMayInvoke, "EventBridge needs permission on the alias");
    }

    @Test
    void alarmsOnTheApiTheWebhookTheSyncAndEveryFunctionGoToTheTopic() {
        String topicId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getAlarmTopic());
        String apiId = SynthesizedDevApp.logicalId(dev.stacks.stateless().getApi());
        String queueId = SynthesizedDevApp.logicalId(dev.stacks.stateless().scheduleFailures());
        Map<String, Set<String>> metricsByDimension = new HashMap<>();
        Set<String> fromAccessLogs = new java.util.TreeSet<>();
        for (Map<String, Object> alarm : template.ofType("AWS::CloudWatch::Alarm").values()) {
            for (String actions : List.of("AlarmActions", "OKActions")) {
                List<Object> targets = list(alarm.get(actions));
                assertEquals(1, targets.size());
                assertTrue(importValue(targets.get(0)).contains(topicId), alarm.toString());
            }
            if (alarm.get("Dimensions") == null) {
                fromAccessLogs.add(alarm.get("Namespace") + "/" + alarm.get("MetricName"));
                continue;
            }
            Map<String, Object> dimension = map(list(alarm.get("Dimensions")).get(0));
            Object value = dimension.get("Value");
            String on = value instanceof String literal ? dimension.get("Name") + "=" + literal
                    : value instanceof Map<?, ?> ref && ref.containsKey("Fn::GetAtt") ? getAtt(value, "QueueName") : ref(value);
            metricsByDimension.computeIfAbsent(on, k -> new java.util.TreeSet<>())
                    .add(alarm.get("Namespace") + "/" + alarm.get("MetricName"));
        }
        assertEquals(Set.of("AWS/ApiGateway/5xx"), metricsByDimension.get(apiId));
        assertEquals(Set.of("AWS/SQS/ApproximateNumberOfMessagesVisible"), metricsByDimension.get(queueId));
        for (GatewayFunction function : SNAPSTART_FUNCTIONS) {
            assertEquals(Set.of("AWS/Lambda/Errors", "AWS/Lambda/Throttles", "AWS/Lambda/Duration"),
                    metricsByDimension.get(functionIds.get(function)), function.name());
        }
        EventsPipeline events = dev.stacks.stateless().events();
        assertEquals(Set.of("AWS/SQS/ApproximateAgeOfOldestMessage"), metricsByDimension.get(queueId()));
        assertEquals(Set.of("AWS/SQS/ApproximateNumberOfMessagesVisible"),
                metricsByDimension.get(SynthesizedDevApp.logicalId(events.deadLetters())));
        // What dispatch-events' sweeper writes in the embedded metric format, with the stage's dimension.
        assertEquals(Set.of("WaGateway/DeadDeliveries"), metricsByDimension.get("Stage=dev"));
        // and the dead letters of each consumer's queue.
        assertEquals(SNAPSTART_FUNCTIONS.size() + 2 + 3 + 2, metricsByDimension.size());
        assertEquals(Set.of("wa-gateway/Webhook4xx", "wa-gateway/Webhook5xx"), fromAccessLogs);
        // Counted from the access log lines of Meta's deliveries.
        Map<String, String> patterns = new java.util.TreeMap<>();
        template.ofType("AWS::Logs::MetricFilter").values().forEach(filter -> patterns.put(
                (String) map(list(filter.get("MetricTransformations")).get(0)).get("MetricName"),
                (String) filter.get("FilterPattern")));
        assertEquals(Map.of(
                "Webhook4xx", "{ ($.routeKey = \"POST /webhooks/whatsapp\") && ($.status = \"4*\") }",
                "Webhook5xx", "{ ($.routeKey = \"POST /webhooks/whatsapp\") && ($.status = \"5*\") }"), patterns);
    }

    @Test
    void everyFunctionIsTracedAndLogsLambdasOwnLinesAsJson() {
        for (GatewayFunction function : GatewayFunction.values()) {
            Map<String, Object> fn = template.properties(functionIds.get(function));
            assertEquals(Map.of("Mode", "Active"), fn.get("TracingConfig"), function.name());
            assertEquals("JSON", map(fn.get("LoggingConfig")).get("LogFormat"), function.name());
        }
    }

    @Test
    void aScheduledRunThatFailsAfterItsRetriesLandsInAnEncryptedDeadLetterQueue() {
        String queueId = SynthesizedDevApp.logicalId(dev.stacks.stateless().scheduleFailures());
        assertEquals(true, template.properties(queueId).get("SqsManagedSseEnabled"));
        for (GatewayFunction function : GatewayFunction.values()) {
            Object deadLetters = template.properties(functionIds.get(function)).get("DeadLetterConfig");
            if (Set.of(GatewayFunction.TEMPLATE_SYNC, GatewayFunction.EVENTS_SWEEP, GatewayFunction.EVENTS_RETENTION,
                    GatewayFunction.MEDIA_RETRY).contains(function)) {
                // What EventBridge could not hand over, and what the function failed after Lambda's own retries
                // (EventBridge invokes asynchronously: a failed run is not EventBridge's failure).
                Map<String, Object> target = map(list(ruleTargeting(function).get("Targets")).get(0));
                assertEquals(queueId, getAtt(map(target.get("DeadLetterConfig")).get("Arn"), "Arn"), function.name());
                assertEquals(queueId, getAtt(map(deadLetters).get("TargetArn"), "Arn"), function.name());
            } else {
                assertNull(deadLetters, function + " is only invoked synchronously");
            }
        }
    }

    @Test
    void theImportFunctionReadsOnlyTheImportBucketOverTheDirectEndpointWithRoomInTmp() {
        String importId = functionIds.get(GatewayFunction.DB_IMPORT);
        Map<String, Object> fn = template.properties(importId);
        assertEquals(2048, ((Number) fn.get("MemorySize")).intValue());
        assertEquals(900, ((Number) fn.get("Timeout")).intValue(), "Lambda's longest run");
        assertEquals(Map.of("Size", 10240), fn.get("EphemeralStorage"));
        for (GatewayFunction other : GatewayFunction.values()) {
            if (other != GatewayFunction.DB_IMPORT) {
                assertNull(template.properties(functionIds.get(other)).get("EphemeralStorage"), other.name());
            }
        }
        // db-migrate's security group: the only one PostgreSQL admits besides RDS Proxy's.
        assertEquals(map(template.properties(functionIds.get(GatewayFunction.DB_MIGRATE)).get("VpcConfig")).get("SecurityGroupIds"),
                map(fn.get("VpcConfig")).get("SecurityGroupIds"));

        String bucketId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getImportBucket());
        assertTrue(importValue(environment(GatewayFunction.DB_IMPORT).get("IMPORT_BUCKET")).contains(bucketId));

        // Exactly: read the bucket's objects, list the bucket. No write, no delete, nothing else in S3.
        Map<String, Object> s3 = new TreeMap<>();
        for (GatewayFunction function : GatewayFunction.values()) {
            String roleId = getAtt(template.properties(functionIds.get(function)).get("Role"), "Arn");
            for (Map<String, Object> statement : statementsOf(roleId)) {
                for (Object action : actions(statement)) {
                    if (action.toString().startsWith("s3:") && function != GatewayFunction.DB_IMPORT) {
                        // The media bucket's objects, for the functions that keep or serve media (the media test).
                        assertTrue(function.usesMediaBucket(), function + " may use " + action);
                        assertTrue(statement.get("Resource").toString().contains("MediaBucket"), function + " " + statement);
                        continue;
                    }
                    if (action.toString().startsWith("s3:")) {
                        assertEquals(GatewayFunction.DB_IMPORT, function, function + " may use " + action);
                        assertEquals("Allow", statement.get("Effect"));
                        s3.put(action.toString(), statement.get("Resource"));
                    }
                }
            }
        }
        assertEquals(Set.of("s3:GetObject", "s3:ListBucket"), s3.keySet());
        String bucketArn = importValue(s3.get("s3:ListBucket"));
        assertTrue(bucketArn.contains(bucketId) && bucketArn.contains("Arn"), bucketArn);
        assertEquals(List.of(Map.of("Fn::ImportValue", bucketArn), "/*"), joinParts(s3.get("s3:GetObject")));

        // Invoked by the operator only: no route, no integration, no service may invoke it.
        for (Map<String, Object> permission : template.ofType("AWS::Lambda::Permission").values()) {
            assertFalse(permission.get("FunctionName").toString().contains(importId), permission.toString());
        }
        for (Map<String, Object> integration : template.ofType("AWS::ApiGatewayV2::Integration").values()) {
            assertFalse(integration.toString().contains(importId), integration.toString());
        }
        Map<String, Object> outputs = map(template.raw().get("Outputs"));
        assertEquals(importId, ref(map(outputs.get("ImportFunctionName")).get("Value")));
    }

    @Test
    void eachConsumerHasItsQueueFeedingItsAliasAndDispatchEventsMaySendToItAndKnowsItsUrl() {
        Map<String, Object> dispatcherVariables = map(map(template.properties(functionIds.get(GatewayFunction.DISPATCH_EVENTS))
                .get("Environment")).get("Variables"));
        Map<String, GatewayFunction> consumers = Map.of("MEDIA_QUEUE_URL", GatewayFunction.MEDIA_JOBS,
                "AUTOMATION_QUEUE_URL", GatewayFunction.AUTOMATION_WORKER);
        consumers.forEach((variable, consumer) -> {
            String queue = ref(dispatcherVariables.get(variable));
            assertEquals("AWS::SQS::Queue", template.typeOf(queue), variable);
            assertTrue(deniesPlainHttp(queue), queue + " must refuse requests without TLS");
            assertEquals(true, template.properties(queue).get("SqsManagedSseEnabled"), queue);
            assertEquals(5, ((Number) map(template.properties(queue).get("RedrivePolicy")).get("maxReceiveCount")).intValue());
            Map<String, Object> mapping = template.ofType("AWS::Lambda::EventSourceMapping").values().stream()
                    .filter(m -> queue.equals(getAtt(m.get("EventSourceArn"), "Arn"))).findFirst()
                    .orElseThrow(() -> new AssertionError("no event source on " + variable));
            List<Object> name = joinParts(mapping.get("FunctionName"));
            String aliasId = ref(list(map(list(map(name.get(0)).get("Fn::Select")).get(1)).get("Fn::Split")).get(1));
            assertEquals(functionIds.get(consumer), ref(template.properties(aliasId).get("FunctionName")), variable);
            assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"));
        });
    }

    @Test
    void theMediaFunctionsAndSendMessageKnowTheMediaBucketAndOnlyTheMediaFunctionsWriteIt() {
        for (GatewayFunction function : GatewayFunction.values()) {
            Map<String, Object> variables = map(map(template.properties(functionIds.get(function)).get("Environment")).get("Variables"));
            assertEquals(function.usesMediaBucket(), variables.containsKey(StatelessStack.MEDIA_BUCKET_VARIABLE), function.name());
        }
        String policies = template.ofType("AWS::IAM::Policy").toString();
        assertTrue(policies.contains("s3:PutObject"), "the media functions write the bucket");
        assertEquals(4, template.ofType("AWS::IAM::Policy").values().stream()
                .filter(policy -> policy.toString().contains("s3:PutObject") && policy.toString().contains("MediaBucket")).count(),
                "media, the media job, its retries and the legacy move write media objects; nobody else");
    }

    @Test
    void theEventQueueIsEncryptedTlsOnlyWithADeadLetterQueueAndFeedsTheDispatchersAliasInBatches() {
        EventsPipeline events = dev.stacks.stateless().events();
        String deadLettersId = SynthesizedDevApp.logicalId(events.deadLetters());
        Map<String, Object> queue = template.properties(queueId());
        assertEquals(true, queue.get("SqsManagedSseEnabled"));
        Map<String, Object> redrive = map(queue.get("RedrivePolicy"));
        assertEquals(deadLettersId, getAtt(redrive.get("deadLetterTargetArn"), "Arn"));
        assertEquals(5, ((Number) redrive.get("maxReceiveCount")).intValue());
        int dispatchTimeout = dev.stage.size(GatewayFunction.DISPATCH_EVENTS).timeoutSeconds();
        assertEquals(6 * dispatchTimeout, ((Number) queue.get("VisibilityTimeout")).intValue(),
                "six times the dispatcher's timeout, as SQS advises for a Lambda source");
        for (String id : List.of(queueId(), deadLettersId, SynthesizedDevApp.logicalId(dev.stacks.stateless().scheduleFailures()))) {
            assertEquals(true, template.properties(id).get("SqsManagedSseEnabled"), id);
            assertTrue(deniesPlainHttp(id), id + " must refuse requests without TLS");
        }

        Map<String, Object> mapping = template.ofType("AWS::Lambda::EventSourceMapping").values().stream()
                .filter(m -> queueId().equals(getAtt(m.get("EventSourceArn"), "Arn"))).findFirst().orElseThrow();
        // The alias's name ("function:live" from its ARN).
        List<Object> name = joinParts(mapping.get("FunctionName"));
        assertEquals(":live", name.get(1));
        String aliasId = ref(list(map(list(map(name.get(0)).get("Fn::Select")).get(1)).get("Fn::Split")).get(1));
        assertEquals("AWS::Lambda::Alias", template.typeOf(aliasId), "the published version with its snapshot");
        assertEquals(functionIds.get(GatewayFunction.DISPATCH_EVENTS), ref(template.properties(aliasId).get("FunctionName")));
        assertEquals(10, ((Number) mapping.get("BatchSize")).intValue());
        assertEquals(List.of("ReportBatchItemFailures"), mapping.get("FunctionResponseTypes"));
        // Never more pollers than the function may run: a throttled batch counts as a receive.
        int reserved = ((Number) template.properties(functionIds.get(GatewayFunction.DISPATCH_EVENTS))
                .get("ReservedConcurrentExecutions")).intValue();
        assertEquals(reserved, ((Number) map(mapping.get("ScalingConfig")).get("MaximumConcurrency")).intValue());
    }

    @Test
    void onlyTheSendersMaySendToTheQueueAndOnlyTheDispatcherReceivesAndDeletes() {
        String scheduleFailuresId = SynthesizedDevApp.logicalId(dev.stacks.stateless().scheduleFailures());
        Set<String> receive = Set.of("sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility",
                "sqs:GetQueueAttributes", "sqs:GetQueueUrl");
        Map<String, Object> dispatcherVariables = environment(GatewayFunction.DISPATCH_EVENTS);
        Map<String, GatewayFunction> consumerQueues = Map.of(ref(dispatcherVariables.get("MEDIA_QUEUE_URL")), GatewayFunction.MEDIA_JOBS,
                ref(dispatcherVariables.get("AUTOMATION_QUEUE_URL")), GatewayFunction.AUTOMATION_WORKER);
        for (GatewayFunction function : GatewayFunction.values()) {
            Set<String> actions = new java.util.TreeSet<>();
            for (Map<String, Object> statement : statementsOf(roleOf(function))) {
                for (Object action : actions(statement)) {
                    if (!action.toString().startsWith("sqs:")) {
                        continue;
                    }
                    assertEquals("Allow", statement.get("Effect"));
                    for (Object resource : resources(statement)) {
                        String queue = getAtt(resource, "Arn");
                        if (queue.equals(scheduleFailuresId)) {
                            // Lambda puts a scheduled run's failed event in the function's dead-letter queue.
                            assertEquals("sqs:SendMessage", action, function.name());
                            assertTrue(StatelessStack.SCHEDULED.contains(function), function.name());
                        } else if (consumerQueues.containsKey(queue)) {
                            // A consumer's queue: dispatch-events sends to it, its consumer receives from it, nobody else.
                            if (function == GatewayFunction.DISPATCH_EVENTS) {
                                assertEquals("sqs:SendMessage", action, function + " " + queue);
                            } else {
                                assertEquals(consumerQueues.get(queue), function, function + " " + action + " on " + queue);
                                assertTrue(receive.contains(action.toString()), function + " " + action);
                            }
                        } else {
                            assertEquals(queueId(), queue, function + " " + action);
                            actions.add(action.toString());
                        }
                    }
                }
            }
            Set<String> expected = new java.util.TreeSet<>();
            if (EVENT_SENDERS.contains(function)) {
                expected.add("sqs:SendMessage");
            }
            if (function == GatewayFunction.DISPATCH_EVENTS) {
                expected.addAll(receive);
            }
            assertEquals(expected, actions, function.name());
        }
    }

    @Test
    void theSweepRunsEveryMinuteFoldingTheStatsTooAndTheRetentionDailyTheirFailuresKept() {
        String failures = SynthesizedDevApp.logicalId(dev.stacks.stateless().scheduleFailures());
        Map<GatewayFunction, String> expected = Map.of(GatewayFunction.EVENTS_SWEEP, "rate(1 minute)",
                GatewayFunction.EVENTS_RETENTION, "rate(1 day)");
        expected.forEach((function, rate) -> {
            Map<String, Object> rule = ruleTargeting(function);
            assertEquals(rate, rule.get("ScheduleExpression"), function.name());
            assertEquals("ENABLED", rule.get("State"));
            if (function == GatewayFunction.EVENTS_SWEEP) {
                // The message stats' scheduled fold rides on the sweep (dispatch-events' StatsFold).
                assertTrue(String.valueOf(rule.get("Description")).contains("folds the message stats"), rule.toString());
                assertEquals(Handlers.EVENTS_SWEEP, template.properties(functionIds.get(function)).get("Handler"));
            }
            Map<String, Object> target = map(list(rule.get("Targets")).get(0));
            assertEquals(failures, getAtt(map(target.get("DeadLetterConfig")).get("Arn"), "Arn"), function.name());
            String aliasId = ref(target.get("Arn"));
            assertTrue(template.ofType("AWS::Lambda::Permission").values().stream()
                    .anyMatch(p -> "events.amazonaws.com".equals(p.get("Principal"))
                            && aliasId.equals(ref(p.get("FunctionName")))), function + ": EventBridge may invoke it");
        });
    }

    @Test
    void reservedConcurrencyTimesEachPoolFitsTheProxysShareOfTheDatabasesConnections() {
        Map<String, Object> parameters = dev.statefulJson.ofType("AWS::RDS::DBParameterGroup").values().iterator().next();
        int maxConnections = Integer.parseInt((String) map(parameters.get("Parameters")).get("max_connections"));
        int percent = ((Number) map(dev.statefulJson.ofType("AWS::RDS::DBProxyTargetGroup").values().iterator().next()
                .get("ConnectionPoolConfigurationInfo")).get("MaxConnectionsPercent")).intValue();
        int proxyShare = maxConnections * percent / 100;
        int proxied = 0;
        int direct = 0;
        for (GatewayFunction function : GatewayFunction.values()) {
            Object reserved = template.properties(functionIds.get(function)).get("ReservedConcurrentExecutions");
            assertTrue(reserved instanceof Number n && n.intValue() >= 1, function + " has no reserved concurrency");
            int pool = Integer.parseInt((String) environment(function).get("DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE"));
            int connections = ((Number) reserved).intValue() * pool;
            if (DIRECT.contains(function)) {
                direct += connections;
            } else {
                proxied += connections;
            }
        }
        assertEquals(80, maxConnections, "dev's max_connections");
        assertTrue(proxied <= proxyShare, proxied + " connections through a proxy that may open " + proxyShare);
        assertTrue(direct <= maxConnections - proxyShare, direct + " direct connections, " + (maxConnections - proxyShare) + " left");
        assertTrue(proxied >= proxyShare * 3 / 4, "the share is used, not left idle: " + proxied + " of " + proxyShare);
    }

    /** The queue's policy refuses every request that does not use TLS. */
    private boolean deniesPlainHttp(String queueLogicalId) {
        return template.ofType("AWS::SQS::QueuePolicy").values().stream()
                .filter(policy -> list(policy.get("Queues")).stream().anyMatch(q -> queueLogicalId.equals(ref(q))))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(TemplateJson::map)
                .anyMatch(statement -> "Deny".equals(statement.get("Effect"))
                        && Map.of("Bool", Map.of("aws:SecureTransport", "false")).equals(statement.get("Condition")));
    }

    /** The one schedule whose target is the function's alias. */
    private Map<String, Object> ruleTargeting(GatewayFunction function) {
        List<Map<String, Object>> rules = template.ofType("AWS::Events::Rule").values().stream()
                .filter(rule -> list(rule.get("Targets")).stream().anyMatch(target -> functionIds.get(function)
                        .equals(ref(template.properties(ref(map(target).get("Arn"))).get("FunctionName")))))
                .toList();
        assertEquals(1, rules.size(), function + " " + rules);
        return rules.get(0);
    }

    private String queueId() {
        return SynthesizedDevApp.logicalId(dev.stacks.stateless().events().queue());
    }

    private List<Map<String, Object>> statementsOf(String roleId) {
        return template.ofType("AWS::IAM::Policy").values().stream()
                .filter(policy -> list(policy.get("Roles")).stream().anyMatch(r -> roleId.equals(ref(r))))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(TemplateJson::map)
                .toList();
    }

    private Map<String, Object> environment(GatewayFunction function) {
        return map(map(template.properties(functionIds.get(function)).get("Environment")).get("Variables"));
    }

    private String roleOf(GatewayFunction function) {
        return getAtt(template.properties(functionIds.get(function)).get("Role"), "Arn");
    }

    private Set<String> secretsReadableBy(GatewayFunction function) {
        String roleId = getAtt(template.properties(functionIds.get(function)).get("Role"), "Arn");
        return template.ofType("AWS::IAM::Policy").values().stream()
                .filter(policy -> list(policy.get("Roles")).stream().anyMatch(r -> roleId.equals(ref(r))))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(TemplateJson::map)
                .filter(statement -> actions(statement).contains("secretsmanager:GetSecretValue"))
                .flatMap(statement -> resources(statement).stream())
                .map(Object::toString)
                .collect(Collectors.toSet());
    }

    private static List<Object> actions(Map<String, Object> statement) {
        Object action = statement.get("Action");
        return action instanceof List ? list(action) : List.of(action);
    }

    private static List<Object> resources(Map<String, Object> statement) {
        Object resource = statement.get("Resource");
        return resource instanceof List ? list(resource) : List.of(resource);
    }
}
