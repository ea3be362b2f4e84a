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
            Map.entry("GET /v1/contacts", GatewayFunction.UPSERT_CONTACT),
            Map.entry("GET /v1/contacts/{ref}", GatewayFunction.UPSERT_CONTACT),
            Map.entry("PUT /v1/contacts/{ref}", GatewayFunction.UPSERT_CONTACT),
            Map.entry("DELETE /v1/contacts/{ref}", GatewayFunction.UPSERT_CONTACT),
            Map.entry("GET /v1/templates", GatewayFunction.LIST_TEMPLATES),
            Map.entry("POST /v1/templates/sync", GatewayFunction.LIST_TEMPLATES),
            Map.entry("GET /webhooks/whatsapp", GatewayFunction.RECEIVE_WEBHOOK),
            Map.entry("POST /webhooks/whatsapp", GatewayFunction.RECEIVE_WEBHOOK));

    /** Around RDS Proxy, with the master secret; every other function goes through it with IAM. */
    private static final Set<GatewayFunction> DIRECT = Set.of(GatewayFunction.DB_MIGRATE, GatewayFunction.DB_IMPORT);

    private static final Set<GatewayFunction> SNAPSTART_FUNCTIONS = Set.of(GatewayFunction.SEND_MESSAGE,
            GatewayFunction.RECEIVE_WEBHOOK, GatewayFunction.UPSERT_CONTACT, GatewayFunction.LIST_TEMPLATES,
            GatewayFunction.TEMPLATE_SYNC);

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
        dev.stateless.resourceCountIs("AWS::Lambda::Function", 8); // seven functions and the CDK's trigger provider
        dev.stateless.resourceCountIs("AWS::Lambda::Alias", 5);
        dev.stateless.resourceCountIs("AWS::Lambda::Version", 6);
        dev.stateless.resourceCountIs("AWS::ApiGatewayV2::Api", 1);
        dev.stateless.resourceCountIs("AWS::ApiGatewayV2::Stage", 1);
        dev.stateless.resourceCountIs("AWS::ApiGatewayV2::Route", EXPECTED_ROUTES.size());
        dev.stateless.resourceCountIs("AWS::ApiGatewayV2::Integration", 4);
        dev.stateless.resourceCountIs("Custom::Trigger", 1);
        dev.stateless.resourceCountIs("AWS::Events::Rule", 1);
        dev.stateless.resourceCountIs("AWS::CloudWatch::Alarm", 19);
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
            Set<String> expectedKeys = new java.util.HashSet<>(
                    Set.of("DATASOURCES_DEFAULT_URL", "DATASOURCES_DEFAULT_USERNAME", "LOG_FORMAT"));
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
        Map<String, Map<String, Object>> rules = template.ofType("AWS::Events::Rule");
        Map<String, Object> rule = rules.values().iterator().next();
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
        String queueId = SynthesizedDevApp.logicalId(dev.stacks.stateless().templateSyncFailures());
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
            String on = value instanceof Map<?, ?> ref && ref.containsKey("Fn::GetAtt") ? getAtt(value, "QueueName") : ref(value);
            metricsByDimension.computeIfAbsent(on, k -> new java.util.TreeSet<>())
                    .add(alarm.get("Namespace") + "/" + alarm.get("MetricName"));
        }
        assertEquals(Set.of("AWS/ApiGateway/5xx"), metricsByDimension.get(apiId));
        assertEquals(Set.of("AWS/SQS/ApproximateNumberOfMessagesVisible"), metricsByDimension.get(queueId));
        for (GatewayFunction function : SNAPSTART_FUNCTIONS) {
            assertEquals(Set.of("AWS/Lambda/Errors", "AWS/Lambda/Throttles", "AWS/Lambda/Duration"),
                    metricsByDimension.get(functionIds.get(function)), function.name());
        }
        assertEquals(SNAPSTART_FUNCTIONS.size() + 2, metricsByDimension.size());
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
    void aTemplateSyncThatFailsAfterItsRetriesLandsInAnEncryptedDeadLetterQueue() {
        String queueId = SynthesizedDevApp.logicalId(dev.stacks.stateless().templateSyncFailures());
        Map<String, Object> target = map(list(template.ofType("AWS::Events::Rule").values().iterator().next()
                .get("Targets")).get(0));
        assertEquals(queueId, getAtt(map(target.get("DeadLetterConfig")).get("Arn"), "Arn"));
        assertEquals(true, template.properties(queueId).get("SqsManagedSseEnabled"));
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
