package dev.wagateway.infra;

import static dev.wagateway.infra.TemplateJson.getAtt;
import static dev.wagateway.infra.TemplateJson.joinParts;
import static dev.wagateway.infra.TemplateJson.list;
import static dev.wagateway.infra.TemplateJson.map;
import static dev.wagateway.infra.TemplateJson.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatefulStackTest {

    private SynthesizedDevApp dev;
    private TemplateJson template;

    @BeforeAll
    void synthesize() {
        dev = SynthesizedDevApp.get();
        template = dev.statefulJson;
    }

    @Test
    void resourceCounts() {
        dev.stateful.resourceCountIs("AWS::EC2::VPC", 1);
        dev.stateful.resourceCountIs("AWS::EC2::Subnet", 6); // public, functions, database in each of 2 AZs
        dev.stateful.resourceCountIs("AWS::EC2::NatGateway", 1);
        dev.stateful.resourceCountIs("AWS::EC2::FlowLog", 1);
        dev.stateful.resourceCountIs("AWS::RDS::DBInstance", 1);
        dev.stateful.resourceCountIs("AWS::RDS::DBProxy", 1);
        dev.stateful.resourceCountIs("AWS::SecretsManager::Secret", 2);
        dev.stateful.resourceCountIs("AWS::SNS::Topic", 1);
        dev.stateful.resourceCountIs("AWS::CloudWatch::Alarm", 7);
        dev.stateful.resourceCountIs("AWS::EC2::VPCEndpoint", 1);
    }

    @Test
    void theDatabaseIsPostgres16PrivateAndEncrypted() {
        Map<String, Object> db = template.properties(databaseId());
        assertEquals("postgres", db.get("Engine"));
        assertTrue(((String) db.get("EngineVersion")).startsWith("16"), db.get("EngineVersion").toString());
        assertEquals(false, db.get("PubliclyAccessible"));
        assertEquals(true, db.get("StorageEncrypted"));
        assertEquals("db.t4g.micro", db.get("DBInstanceClass"));
        assertEquals(false, db.get("MultiAZ"));
        assertEquals("wagateway", db.get("DBName"));
        // Only in the isolated subnets: no route to the internet at all.
        Map<String, Object> subnetGroup = template.properties(ref(db.get("DBSubnetGroupName")));
        for (Object subnet : list(subnetGroup.get("SubnetIds"))) {
            assertEquals("Isolated", tag(template.properties(ref(subnet)), "aws-cdk:subnet-type"), subnet.toString());
        }
        // TLS on direct connections too (db-migrate).
        Map<String, Object> parameters = template.properties(ref(db.get("DBParameterGroupName")));
        assertEquals("1", map(parameters.get("Parameters")).get("rds.force_ssl"));
    }

    @Test
    void theProxyRequiresTlsAndIamFromEndToEndWithinItsShareOfConnections() {
        String proxyId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getProxy());
        Map<String, Object> proxy = template.properties(proxyId);
        assertEquals(true, proxy.get("RequireTLS"));
        assertEquals("POSTGRESQL", proxy.get("EngineFamily"));
        // The functions log in with IAM tokens and so does the proxy, to PostgreSQL: no password, no secret.
        assertEquals("IAM_AUTH", proxy.get("DefaultAuthScheme"));
        assertNull(proxy.get("Auth"), "no secret for the proxy to log in with");
        assertEquals(true, template.properties(databaseId()).get("EnableIAMDatabaseAuthentication"));
        for (Object subnet : list(proxy.get("VpcSubnetIds"))) {
            assertEquals("Isolated", tag(template.properties(ref(subnet)), "aws-cdk:subnet-type"));
        }
        // The proxy's role may log in as the application role of this instance, and do nothing else.
        String roleId = getAtt(proxy.get("RoleArn"), "Arn");
        List<Map<String, Object>> statements = template.ofType("AWS::IAM::Policy").values().stream()
                .filter(policy -> list(policy.get("Roles")).contains(Map.of("Ref", roleId)))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(TemplateJson::map)
                .toList();
        assertEquals(1, statements.size(), statements.toString());
        assertEquals("rds-db:connect", statements.get(0).get("Action"));
        List<Object> dbUser = joinParts(statements.get(0).get("Resource"));
        assertEquals(":dbuser:", dbUser.get(dbUser.size() - 3));
        assertEquals(Map.of("Fn::GetAtt", List.of(databaseId(), "DbiResourceId")), dbUser.get(dbUser.size() - 2));
        assertEquals("/wagateway_app", dbUser.get(dbUser.size() - 1));
        // db-migrate and the import connect around the proxy; a waiting function gets its 503 in time.
        Map<String, Object> pool = map(template.ofType("AWS::RDS::DBProxyTargetGroup").values().iterator().next()
                .get("ConnectionPoolConfigurationInfo"));
        assertEquals(80, ((Number) pool.get("MaxConnectionsPercent")).intValue());
        int borrowTimeout = ((Number) pool.get("ConnectionBorrowTimeout")).intValue();
        for (GatewayFunction function : GatewayFunction.values()) {
            assertTrue(borrowTimeout < dev.stage.size(function).timeoutSeconds(), function.name());
        }
    }

    @Test
    void theMasterPasswordRotatesEvery30DaysFromWhereSecretsManagerIsReachable() {
        Map<String, Map<String, Object>> schedules = template.ofType("AWS::SecretsManager::RotationSchedule");
        assertEquals(1, schedules.size());
        Map<String, Object> schedule = schedules.values().iterator().next();
        assertEquals(secretAttachmentId(), ref(schedule.get("SecretId")));
        assertEquals(Map.of("ScheduleExpression", "rate(30 days)"), schedule.get("RotationRules"));
        String rotationApp = getAtt(schedule.get("RotationLambdaARN"), "Outputs.RotationLambdaARN");
        Map<String, Object> parameters = map(template.properties(rotationApp).get("Parameters"));
        for (Object subnet : joinParts(parameters.get("vpcSubnetIds"))) {
            if (!",".equals(subnet)) {
                assertEquals("Private", tag(template.properties(ref(subnet)), "aws-cdk:subnet-type"), subnet.toString());
            }
        }
    }

    @Test
    void onlyFunctionsReachTheProxyAndOnlyProxyDbMigrateAndTheRotationReachTheDatabase() {
        String functions = securityGroupId(dev.stacks.stateful().getFunctionsSecurityGroup());
        String migration = securityGroupId(dev.stacks.stateful().getMigrationSecurityGroup());
        String proxy = getAtt(list(template.properties(SynthesizedDevApp.logicalId(dev.stacks.stateful().getProxy()))
                .get("VpcSecurityGroupIds")).get(0), "GroupId");
        String database = getAtt(list(template.properties(databaseId()).get("VPCSecurityGroups")).get(0), "GroupId");

        Map<String, Set<String>> ingressSources = new java.util.HashMap<>();
        for (Map<String, Object> rule : template.ofType("AWS::EC2::SecurityGroupIngress").values()) {
            assertNull(rule.get("CidrIp"), "no ingress from an address range: " + rule);
            ingressSources.computeIfAbsent(getAtt(rule.get("GroupId"), "GroupId"), k -> new HashSet<>())
                    .add(getAtt(rule.get("SourceSecurityGroupId"), "GroupId"));
        }
        String rotation = securityGroupId((software.amazon.awscdk.services.ec2.ISecurityGroup) dev.stacks.stateful()
                .getDatabase().getNode().findChild("RotationSingleUser").getNode().findChild("SecurityGroup"));
        assertEquals(Map.of(proxy, Set.of(functions), database, Set.of(proxy, migration, rotation)), ingressSources);
        for (Map<String, Object> group : template.ofType("AWS::EC2::SecurityGroup").values()) {
            assertNull(group.get("SecurityGroupIngress"), "no inline ingress: " + group);
        }
    }

    @Test
    void noSecretValueInTheTemplate() throws Exception {
        for (Map.Entry<String, Map<String, Object>> secret : template.ofType("AWS::SecretsManager::Secret").entrySet()) {
            assertNull(secret.getValue().get("SecretString"), secret.getKey() + " carries a value");
            assertTrue(secret.getValue().containsKey("GenerateSecretString"), secret.getKey());
        }
        Map<String, Object> whatsApp = template.properties(
                SynthesizedDevApp.logicalId(dev.stacks.stateful().getWhatsAppSecret()));
        Map<String, Object> generator = map(whatsApp.get("GenerateSecretString"));
        assertEquals("verifyToken", generator.get("GenerateStringKey"));
        Map<?, ?> placeholders = new ObjectMapper().readValue((String) generator.get("SecretStringTemplate"), Map.class);
        assertEquals(Map.of("accessToken", "", "appSecret", ""), placeholders);

        // The instance takes its password from the secret by dynamic reference, resolved by CloudFormation.
        Map<String, Object> db = template.properties(databaseId());
        List<Object> password = joinParts(db.get("MasterUserPassword"));
        assertEquals("{{resolve:secretsmanager:", password.get(0));
        assertEquals("AWS::SecretsManager::Secret", template.typeOf(ref(password.get(1))));
        assertEquals(":SecretString:password::}}", password.get(2));
        String json = new ObjectMapper().writeValueAsString(template.raw())
                + new ObjectMapper().writeValueAsString(dev.statelessJson.raw());
        assertFalse(json.contains("\"SecretString\""), "a secret value is in a template");
        assertFalse(json.contains("\"MasterUserPassword\":\""), "a literal database password is in a template");
    }

    @Test
    void databaseAndProxyAlarmsGoToTheEncryptedTopic() {
        String topicId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getAlarmTopic());
        String proxyId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getProxy());
        Map<String, Object> thresholds = new java.util.TreeMap<>();
        for (Map<String, Object> alarm : template.ofType("AWS::CloudWatch::Alarm").values()) {
            assertEquals("AWS/RDS", alarm.get("Namespace"));
            Map<String, Object> dimension = map(list(alarm.get("Dimensions")).get(0));
            String metric = (String) alarm.get("MetricName");
            if (metric.startsWith("DatabaseConnections") && !metric.equals("DatabaseConnections")) {
                assertEquals("ProxyName", dimension.get("Name"), metric);
                assertEquals(proxyId, ref(dimension.get("Value")), metric);
            } else {
                assertEquals(databaseId(), ref(dimension.get("Value")), metric);
            }
            assertEquals(List.of(Map.of("Ref", topicId)), alarm.get("AlarmActions"));
            thresholds.put(metric, alarm.get("ComparisonOperator") + " " + alarm.get("Threshold"));
        }
        long gib = 1024L * 1024 * 1024;
        assertEquals(Map.of(
                "CPUUtilization", "GreaterThanThreshold 80",
                "DatabaseConnections", "GreaterThanThreshold 60",
                "FreeStorageSpace", "LessThanThreshold " + 20 * gib / 5, // 20% of dev's 20 GB
                "FreeableMemory", "LessThanThreshold " + gib / 10, // 10% of a t4g.micro's 1 GiB
                "CPUCreditBalance", "LessThanThreshold 20",
                "DatabaseConnectionsCurrentlySessionPinned", "GreaterThanOrEqualToThreshold 5",
                "DatabaseConnectionsBorrowLatency", "GreaterThanThreshold 1000000"), normalise(thresholds));
        Map<String, Object> topic = template.properties(topicId);
        String keyId = getAtt(topic.get("KmsMasterKeyId"), "Arn");
        assertEquals(true, template.properties(keyId).get("EnableKeyRotation"));
        dev.stateful.hasResourceProperties("AWS::SNS::Subscription",
                Map.of("Protocol", "email", "Endpoint", "alarms@example.com"));
    }

    @Test
    void cloudWatchMayPublishThisAccountsAlarmsToTheTopicAndEveryAlarmIsNamedSo() {
        String topicId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getAlarmTopic());
        List<Map<String, Object>> statements = template.ofType("AWS::SNS::TopicPolicy").values().stream()
                .filter(policy -> list(policy.get("Topics")).contains(Map.of("Ref", topicId)))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(TemplateJson::map)
                .filter(statement -> "Allow".equals(statement.get("Effect")))
                .toList();
        assertEquals(1, statements.size(), "one Allow on the alarm topic: " + statements);
        Map<String, Object> allow = statements.get(0);
        assertEquals(Map.of("Service", "cloudwatch.amazonaws.com"), allow.get("Principal"));
        assertEquals("sns:Publish", allow.get("Action"));
        assertEquals(Map.of("Ref", topicId), allow.get("Resource"));
        Map<String, Object> condition = map(allow.get("Condition"));
        assertEquals(Map.of("aws:SourceAccount", Map.of("Ref", "AWS::AccountId")), condition.get("StringEquals"));
        List<Object> sourceArn = joinParts(map(condition.get("ArnLike")).get("aws:SourceArn"));
        assertEquals(List.of("arn:", Map.of("Ref", "AWS::Partition"), ":cloudwatch:", Map.of("Ref", "AWS::Region"), ":",
                Map.of("Ref", "AWS::AccountId"), ":alarm:wa-gateway-dev-*"), sourceArn);
        // The condition covers every alarm of the stage, in both stacks.
        for (TemplateJson stack : List.of(template, dev.statelessJson)) {
            for (Map<String, Object> alarm : stack.ofType("AWS::CloudWatch::Alarm").values()) {
                assertTrue(((String) alarm.get("AlarmName")).startsWith("wa-gateway-dev-"), alarm.toString());
            }
        }
    }

    @Test
    void slowStatementsAreLoggedWithoutTheirParameters() {
        Map<String, Object> parameters = map(template.properties(ref(template.properties(databaseId())
                .get("DBParameterGroupName"))).get("Parameters"));
        assertEquals("1000", parameters.get("log_min_duration_statement"));
        assertEquals("0", parameters.get("log_parameter_max_length"));
        assertEquals("0", parameters.get("log_parameter_max_length_on_error"));
    }

    @Test
    void legacyFilesGoToAPrivateEncryptedTlsOnlyBucketThatForgetsThem() {
        dev.stateful.resourceCountIs("AWS::S3::Bucket", 3); // the import bucket, the media bucket and their access log bucket
        String bucketId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getImportBucket());
        Map<String, Object> bucket = template.properties(bucketId);
        String logBucketId = ref(map(bucket.get("LoggingConfiguration")).get("DestinationBucketName"));
        assertEquals("import-bucket/", map(bucket.get("LoggingConfiguration")).get("LogFilePrefix"));
        for (String id : List.of(bucketId, logBucketId)) {
            Map<String, Object> properties = template.properties(id);
            assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                    "RestrictPublicBuckets", true), properties.get("PublicAccessBlockConfiguration"), id);
            Map<String, Object> encryption = map(map(list(map(properties.get("BucketEncryption"))
                    .get("ServerSideEncryptionConfiguration")).get(0)).get("ServerSideEncryptionByDefault"));
            assertEquals("AES256", encryption.get("SSEAlgorithm"), id);
            assertEquals(List.of(Map.of("ObjectOwnership", "BucketOwnerEnforced")),
                    map(properties.get("OwnershipControls")).get("Rules"), id);
            assertNull(properties.get("VersioningConfiguration"), id);
            // Retained in every stage: CloudFormation cannot delete a bucket that holds files.
            assertEquals("Retain", template.resource(id).get("DeletionPolicy"), id);
            assertTrue(deniesPlainHttp(id), id + " must refuse requests without TLS");
        }
        Map<String, Object> rule = map(list(map(bucket.get("LifecycleConfiguration")).get("Rules")).get(0));
        assertEquals("Enabled", rule.get("Status"));
        assertEquals(StatefulStack.IMPORT_FILE_DAYS, ((Number) rule.get("ExpirationInDays")).intValue());
        assertEquals(30, StatefulStack.IMPORT_FILE_DAYS);
        assertEquals(1, ((Number) map(rule.get("AbortIncompleteMultipartUpload")).get("DaysAfterInitiation")).intValue());
        Map<String, Object> logRule = map(list(map(template.properties(logBucketId).get("LifecycleConfiguration")).get("Rules")).get(0));
        assertEquals(dev.stage.logRetentionDays(), ((Number) logRule.get("ExpirationInDays")).intValue());
        assertEquals(bucketId, ref(map(map(template.raw().get("Outputs")).get("ImportBucketName")).get("Value")));
    }

    @Test
    void mediaGoesToAPrivateEncryptedTlsOnlyAccessLoggedUnversionedBucketThatKeepsFilesByDefault() {
        String bucketId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getMediaBucket());
        String importId = SynthesizedDevApp.logicalId(dev.stacks.stateful().getImportBucket());
        Map<String, Object> bucket = template.properties(bucketId);
        assertEquals(Map.of("BlockPublicAcls", true, "BlockPublicPolicy", true, "IgnorePublicAcls", true,
                "RestrictPublicBuckets", true), bucket.get("PublicAccessBlockConfiguration"));
        Map<String, Object> encryption = map(map(list(map(bucket.get("BucketEncryption"))
                .get("ServerSideEncryptionConfiguration")).get(0)).get("ServerSideEncryptionByDefault"));
        assertEquals("AES256", encryption.get("SSEAlgorithm"));
        assertTrue(deniesPlainHttp(bucketId), "the media bucket must refuse requests without TLS");
        assertEquals("media-bucket/", map(bucket.get("LoggingConfiguration")).get("LogFilePrefix"));
        assertEquals(ref(map(template.properties(importId).get("LoggingConfiguration")).get("DestinationBucketName")),
                ref(map(bucket.get("LoggingConfiguration")).get("DestinationBucketName")), "the same access log bucket");
        Object versioning = bucket.get("VersioningConfiguration");
        assertTrue(versioning == null || "Suspended".equals(map(versioning).get("Status")), String.valueOf(versioning));
        Map<String, Object> rule = map(list(map(bucket.get("LifecycleConfiguration")).get("Rules")).get(0));
        assertNull(rule.get("ExpirationInDays"), "kept by default");
        assertEquals(1, ((Number) map(rule.get("AbortIncompleteMultipartUpload")).get("DaysAfterInitiation")).intValue());
        assertEquals("Retain", template.resource(bucketId).get("DeletionPolicy"));
        assertEquals(bucketId, ref(map(map(template.raw().get("Outputs")).get("MediaBucketName")).get("Value")));
    }

    /** A bucket policy statement that denies every request made without TLS. */
    private boolean deniesPlainHttp(String bucketId) {
        return template.ofType("AWS::S3::BucketPolicy").values().stream()
                .filter(policy -> bucketId.equals(ref(policy.get("Bucket"))))
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(TemplateJson::map)
                .anyMatch(statement -> "Deny".equals(statement.get("Effect"))
                        && "s3:*".equals(statement.get("Action"))
                        && Map.of("AWS", "*").equals(statement.get("Principal"))
                        && Map.of("Bool", Map.of("aws:SecureTransport", "false")).equals(statement.get("Condition")));
    }

    /** Thresholds as CloudFormation holds them (integers or decimals), written without a trailing ".0". */
    private static Map<String, Object> normalise(Map<String, Object> thresholds) {
        Map<String, Object> plain = new java.util.TreeMap<>();
        thresholds.forEach((metric, value) -> plain.put(metric, value.toString().replaceAll("\\.0$", "")));
        return plain;
    }

    @Test
    void importsAndMediaReachS3WithoutTheNatGatewayAndPerformanceInsightsIsOn() {
        Map<String, Object> endpoint = template.ofType("AWS::EC2::VPCEndpoint").values().iterator().next();
        assertEquals("Gateway", endpoint.get("VpcEndpointType"));
        assertTrue(endpoint.get("ServiceName").toString().contains(".s3"), endpoint.toString());
        List<Object> routeTables = list(endpoint.get("RouteTableIds"));
        assertEquals(2, routeTables.size(), "the functions' subnets in both zones");
        assertEquals(true, template.properties(databaseId()).get("EnablePerformanceInsights"));
    }

    private String databaseId() {
        return SynthesizedDevApp.logicalId(dev.stacks.stateful().getDatabase());
    }

    private String secretAttachmentId() {
        return SynthesizedDevApp.logicalId(
                dev.stacks.stateful().getDatabase().getNode().findChild("Secret").getNode().findChild("Attachment"));
    }

    private static String securityGroupId(software.amazon.awscdk.services.ec2.ISecurityGroup group) {
        return SynthesizedDevApp.logicalId(group);
    }

    private static String tag(Map<String, Object> properties, String key) {
        return list(properties.get("Tags")).stream().map(TemplateJson::map)
                .filter(tag -> key.equals(tag.get("Key"))).map(tag -> (String) tag.get("Value"))
                .findFirst().orElse(null);
    }
}
