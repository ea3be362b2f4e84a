package dev.wagateway.infra;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.IResource;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.ec2.FlowLogDestination;
import software.amazon.awscdk.services.ec2.FlowLogOptions;
import software.amazon.awscdk.services.ec2.FlowLogTrafficType;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointAwsService;
import software.amazon.awscdk.services.ec2.GatewayVpcEndpointOptions;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.InstanceType;
import software.amazon.awscdk.services.ec2.Peer;
import software.amazon.awscdk.services.ec2.Port;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.ec2.SubnetConfiguration;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.ec2.Vpc;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.kms.Key;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.RetentionDays;
import software.amazon.awscdk.services.rds.Credentials;
import software.amazon.awscdk.services.rds.CredentialsBaseOptions;
import software.amazon.awscdk.services.rds.DatabaseInstance;
import software.amazon.awscdk.services.rds.DatabaseInstanceEngine;
import software.amazon.awscdk.services.rds.DatabaseProxy;
import software.amazon.awscdk.services.rds.DatabaseProxyOptions;
import software.amazon.awscdk.services.rds.DefaultAuthScheme;
import software.amazon.awscdk.services.rds.RotationSingleUserOptions;
import software.amazon.awscdk.services.rds.IInstanceEngine;
import software.amazon.awscdk.services.rds.ParameterGroup;
import software.amazon.awscdk.services.rds.PostgresEngineVersion;
import software.amazon.awscdk.services.rds.PostgresInstanceEngineProps;
import software.amazon.awscdk.services.rds.StorageType;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.secretsmanager.SecretStringGenerator;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscriptionProps;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * What outlives a deploy: the network, PostgreSQL 16 behind RDS Proxy, the secrets, the alarm topic and
 * the bucket that legacy files are uploaded to for an import.
 * The security groups of the functions live here too, so that the database's rules can name them without
 * the stateless stack reaching back.
 */
public final class StatefulStack extends Stack {

    public static final String DATABASE_NAME = "wagateway";
    public static final String DATABASE_USERNAME = "wagateway";
    public static final int DATABASE_PORT = 5432;
    /** The share of PostgreSQL's max_connections that RDS Proxy may open. */
    public static final int PROXY_MAX_CONNECTIONS_PERCENT = 80;
    /** How long a function may wait for one of the proxy's connections. */
    public static final int PROXY_BORROW_TIMEOUT_SECONDS = 5;
    /** Credits left when a burstable instance's alarm fires (a t4g.micro earns 12 an hour). */
    static final int DATABASE_CPU_CREDITS_ALARM = 20;
    /** How often the master password changes. */
    public static final int MASTER_ROTATION_DAYS = 30;
    /** Legacy files are needed for one import; after this they are deleted. */
    public static final int IMPORT_FILE_DAYS = 30;
    /** Context value: days the media bucket keeps a file (0 or unset: keep every file until it is deleted through the API). */
    public static final String MEDIA_RETENTION_CONTEXT = "mediaRetentionDays";

    /**
     * @param stage      sizes and safety settings
     * @param alarmEmail an address subscribed to the alarm topic, or null for none
     */
    public record Props(StageConfig stage, String alarmEmail) {
    }

    private static final String PASSWORD_EXCLUDED_CHARACTERS = " %+~`#$&*()|[]{}:;<>?!'/@\"\\";

    private final Vpc vpc;
    private final SecurityGroup functionsSecurityGroup;
    private final SecurityGroup migrationSecurityGroup;
    private final DatabaseInstance database;
    private final DatabaseProxy proxy;
    private final Secret whatsAppSecret;
    private final Topic alarmTopic;
    private final Bucket importBucket;
    private Bucket accessLogs;
    private final Bucket mediaBucket;

    public StatefulStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        StageConfig stage = props.stage();
        RemovalPolicy dataRemoval = stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY;

        vpc = network(stage);
        SecurityGroup proxySecurityGroup = securityGroup("ProxySecurityGroup", "RDS Proxy: from the functions only");
        SecurityGroup databaseSecurityGroup = securityGroup("DatabaseSecurityGroup",
                "PostgreSQL: from RDS Proxy and db-migrate only");
        functionsSecurityGroup = securityGroup("FunctionsSecurityGroup", "API and sync functions: to RDS Proxy and HTTPS");
        migrationSecurityGroup = securityGroup("MigrationSecurityGroup", "db-migrate: to PostgreSQL and HTTPS");

        // HTTPS out: Meta's Graph API and the AWS APIs (Secrets Manager) through the NAT gateway.
        functionsSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to Meta and AWS APIs");
        functionsSecurityGroup.addEgressRule(proxySecurityGroup, Port.tcp(DATABASE_PORT), "PostgreSQL via RDS Proxy");
        proxySecurityGroup.addIngressRule(functionsSecurityGroup, Port.tcp(DATABASE_PORT), "from the functions");
        // Proxy -> database (both directions of the rule) is added by addProxy below.
        migrationSecurityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), "HTTPS to AWS APIs");
        migrationSecurityGroup.addEgressRule(databaseSecurityGroup, Port.tcp(DATABASE_PORT), "PostgreSQL, direct");
        // db-migrate goes around the proxy: DDL and Flyway's session lock want one real session.
        databaseSecurityGroup.addIngressRule(migrationSecurityGroup, Port.tcp(DATABASE_PORT), "from db-migrate");

        database = database(stage, databaseSecurityGroup, dataRemoval);
        // IAM from end to end: the functions log in with tokens their roles sign, and the proxy logs in to
        // PostgreSQL the same way, so no password exists for the application role.
        proxy = database.addProxy("Proxy", DatabaseProxyOptions.builder()
                .role(proxyRole())
                .vpc(vpc)
                .vpcSubnets(isolated())
                .securityGroups(List.of(proxySecurityGroup))
                .requireTls(true)
                .iamAuth(true)
                .defaultAuthScheme(DefaultAuthScheme.IAM_AUTH)
                // db-migrate and the import connect around the proxy: they need the rest.
                .maxConnectionsPercent(PROXY_MAX_CONNECTIONS_PERCENT)
                // Below every function's timeout, so a function waiting for a connection answers 503 in time.
                .borrowTimeout(Duration.seconds(PROXY_BORROW_TIMEOUT_SECONDS))
                .build());

        whatsAppSecret = Secret.Builder.create(this, "WhatsAppSecret")
                .description("WhatsApp Cloud API settings for wa-gateway " + stage.name()
                        + ": fill accessToken and appSecret; verifyToken is generated, enter it in Meta's webhook setup")
                // Only empty keys and a generated verify token: the operator writes the real values, so the
                // template never carries one. Changing this generator would replace the operator's values.
                .generateSecretString(SecretStringGenerator.builder()
                        .secretStringTemplate("{\"accessToken\":\"\",\"appSecret\":\"\"}")
                        .generateStringKey("verifyToken")
                        .excludePunctuation(true)
                        .passwordLength(40)
                        .build())
                .removalPolicy(dataRemoval)
                .build();

        CfnOutput.Builder.create(this, "WhatsAppSecretArn").value(whatsAppSecret.getSecretArn())
                .description("Fill accessToken and appSecret here; verifyToken goes into Meta's webhook setup").build();

        alarmTopic = alarmTopic(stage, props.alarmEmail());
        databaseAlarms(stage);
        importBucket = importBucket(stage);
        mediaBucket = mediaBucket();
        suppressions(stage);
    }

    private Vpc network(StageConfig stage) {
        Vpc network = Vpc.Builder.create(this, "Vpc")
                .maxAzs(2)
                .natGateways(stage.natGateways())
                .subnetConfiguration(List.of(
                        SubnetConfiguration.builder().name("public").subnetType(SubnetType.PUBLIC).cidrMask(24).build(),
                        SubnetConfiguration.builder().name("functions").subnetType(SubnetType.PRIVATE_WITH_EGRESS)
                                .cidrMask(22).build(),
                        SubnetConfiguration.builder().name("database").subnetType(SubnetType.PRIVATE_ISOLATED)
                                .cidrMask(24).build()))
                .build();
        LogGroup flowLogs = LogGroup.Builder.create(this, "VpcFlowLogs")
                .retention(retention(stage))
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        network.addFlowLog("RejectedTraffic", FlowLogOptions.builder()
                .destination(FlowLogDestination.toCloudWatchLogs(flowLogs))
                .trafficType(FlowLogTrafficType.REJECT)
                .build());
        // Free, and imports and media reach S3 without crossing (and paying for) the NAT gateway.
        network.addGatewayEndpoint("S3Endpoint", GatewayVpcEndpointOptions.builder()
                .service(GatewayVpcEndpointAwsService.S3)
                .subnets(List.of(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build()))
                .build());
        return network;
    }

    private SecurityGroup securityGroup(String id, String description) {
        return SecurityGroup.Builder.create(this, id).vpc(vpc).description(description).allowAllOutbound(false).build();
    }

    private SubnetSelection isolated() {
        return SubnetSelection.builder().subnetType(SubnetType.PRIVATE_ISOLATED).build();
    }

    private DatabaseInstance database(StageConfig stage, ISecurityGroup securityGroup, RemovalPolicy dataRemoval) {
        IInstanceEngine engine = DatabaseInstanceEngine.postgres(
                PostgresInstanceEngineProps.builder().version(PostgresEngineVersion.VER_16).build());
        ParameterGroup parameters = ParameterGroup.Builder.create(this, "DatabaseParameters")
                .engine(engine)
                .description("wa-gateway: TLS only, slow statements logged without their parameters, sized connections")
                .parameters(Map.of(
                        "rds.force_ssl", "1",
                        // A known figure rather than RDS's formula: the proxy's share and the functions' reserved
                        // concurrency are sized from it (StageConfig).
                        "max_connections", String.valueOf(stage.dbMaxConnections()),
                        "log_min_duration_statement", "1000",
                        // A slow statement's bind parameters are customer data (phones, message text): the log
                        // keeps the statement, never the values, also when the statement fails.
                        "log_parameter_max_length", "0",
                        "log_parameter_max_length_on_error", "0"))
                .build();
        String instanceIdentifier = "wa-gateway-" + stage.name();
        // Created before the instance so that retention applies from the first line (RDS would create them
        // without one).
        LogGroup postgresLog = databaseLogGroup("DatabaseLog", instanceIdentifier, "postgresql", stage);
        LogGroup upgradeLog = databaseLogGroup("DatabaseUpgradeLog", instanceIdentifier, "upgrade", stage);
        DatabaseInstance instance = DatabaseInstance.Builder.create(this, "Database")
                .instanceIdentifier(instanceIdentifier)
                .engine(engine)
                .parameterGroup(parameters)
                .instanceType(new InstanceType(stage.dbInstanceType()))
                .vpc(vpc)
                .vpcSubnets(isolated())
                .securityGroups(List.of(securityGroup))
                .publiclyAccessible(false)
                .port(DATABASE_PORT)
                .databaseName(DATABASE_NAME)
                .credentials(Credentials.fromGeneratedSecret(DATABASE_USERNAME, CredentialsBaseOptions.builder()
                        .excludeCharacters(PASSWORD_EXCLUDED_CHARACTERS)
                        .build()))
                .iamAuthentication(true)
                .storageType(StorageType.GP3)
                .allocatedStorage(stage.dbAllocatedStorageGb())
                .maxAllocatedStorage(stage.dbMaxAllocatedStorageGb())
                .storageEncrypted(true)
                .multiAz(stage.dbMultiAz())
                .backupRetention(Duration.days(stage.dbBackupRetentionDays()))
                .deletionProtection(stage.deletionProtection())
                .removalPolicy(stage.retainData() ? RemovalPolicy.SNAPSHOT : RemovalPolicy.DESTROY)
                .autoMinorVersionUpgrade(true)
                .cloudwatchLogsExports(List.of("postgresql", "upgrade"))
                .copyTagsToSnapshot(true)
                // The free retention (7 days): what waited, for which statement, when something was slow.
                .enablePerformanceInsights(true)
                .build();
        instance.getNode().addDependency(postgresLog, upgradeLog);
        // Only db-migrate and the import use the master password, and they read it on every run; the functions
        // log in with IAM. Secrets Manager's rotation function changes it in the database and the secret.
        instance.addRotationSingleUser(RotationSingleUserOptions.builder()
                .automaticallyAfter(Duration.days(MASTER_ROTATION_DAYS))
                .excludeCharacters(PASSWORD_EXCLUDED_CHARACTERS)
                // It calls Secrets Manager, so it runs where the NAT gateway is.
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .build());
        if (dataRemoval == RemovalPolicy.RETAIN) {
            // getSecret() is the secret's attachment to the instance; the secret itself is the child "Secret".
            ((IResource) instance.getNode().findChild("Secret")).applyRemovalPolicy(RemovalPolicy.RETAIN);
        }
        return instance;
    }

    /** RDS Proxy's own role: it logs in to PostgreSQL as the application user with IAM, and may do nothing else. */
    private Role proxyRole() {
        Role role = Role.Builder.create(this, "ProxyRole")
                .assumedBy(new ServicePrincipal("rds.amazonaws.com"))
                .description("RDS Proxy of wa-gateway: IAM login to PostgreSQL as " + DatabaseLogin.APPLICATION_USER)
                .build();
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("rds-db:connect"))
                .resources(List.of(formatArn(ArnComponents.builder()
                        .service("rds-db")
                        .resource("dbuser")
                        .resourceName(database.getInstanceResourceId() + "/" + DatabaseLogin.APPLICATION_USER)
                        .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                        .build())))
                .build());
        return role;
    }

    private LogGroup databaseLogGroup(String id, String instanceIdentifier, String log, StageConfig stage) {
        return LogGroup.Builder.create(this, id)
                .logGroupName("/aws/rds/instance/" + instanceIdentifier + "/" + log)
                .retention(retention(stage))
                .removalPolicy(stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
    }

    private Topic alarmTopic(StageConfig stage, String alarmEmail) {
        // CloudWatch cannot publish to a topic under the AWS-managed SNS key, so the topic has its own key.
        Key key = Key.Builder.create(this, "AlarmTopicKey")
                .description("wa-gateway alarm topic")
                .enableKeyRotation(true)
                .removalPolicy(RemovalPolicy.DESTROY)
                .build();
        key.grant(new ServicePrincipal("cloudwatch.amazonaws.com"), "kms:Decrypt", "kms:GenerateDataKey*");
        Topic topic = Topic.Builder.create(this, "AlarmTopic")
                .displayName("wa-gateway alarms")
                .masterKey(key)
                .enforceSsl(true)
                .build();
        // enforceSsl gives the topic a policy of its own, which replaces SNS's default one (that let the account's
        // services publish): without this statement no alarm could reach anyone.
        topic.addToResourcePolicy(PolicyStatement.Builder.create()
                .sid("CloudWatchAlarmsPublish")
                .principals(List.of(new ServicePrincipal("cloudwatch.amazonaws.com")))
                .actions(List.of("sns:Publish"))
                .resources(List.of(topic.getTopicArn()))
                .conditions(Map.of(
                        "StringEquals", Map.of("aws:SourceAccount", getAccount()),
                        "ArnLike", Map.of("aws:SourceArn", formatArn(ArnComponents.builder()
                                .service("cloudwatch")
                                .resource("alarm")
                                .resourceName(Alarms.namePrefix(stage.name()) + "*")
                                .arnFormat(ArnFormat.COLON_RESOURCE_NAME)
                                .build()))))
                .build());
        if (alarmEmail != null && !alarmEmail.isBlank()) {
            // A notification SNS could not deliver to the address is kept (14 days) instead of being dropped.
            Queue undelivered = Queue.Builder.create(this, "AlarmEmailUndelivered")
                    .encryption(QueueEncryption.SQS_MANAGED)
                    .enforceSsl(true)
                    .retentionPeriod(Duration.days(14))
                    .build();
            topic.addSubscription(new EmailSubscription(alarmEmail,
                    EmailSubscriptionProps.builder().deadLetterQueue(undelivered).build()));
            String why = "This queue is the dead-letter queue of the alarm e-mail subscription: it keeps what SNS "
                    + "could not deliver to the address, and nothing consumes it that could fail.";
            NagSuppressions.addResourceSuppressions(undelivered, List.of(suppress("AwsSolutions-SQS3", why),
                    suppress("Serverless-SQSRedrivePolicy", why)), true);
        }
        return topic;
    }

    /**
     * Where the operator uploads a legacy SQLite file for the import function. The files hold customer
     * data, so: private, encrypted, TLS only, access-logged, and deleted after {@link #IMPORT_FILE_DAYS}.
     * Retained with the stack in every stage: CloudFormation cannot delete a bucket that still holds files.
     */
    private Bucket importBucket(StageConfig stage) {
        accessLogs = Bucket.Builder.create(this, "ImportBucketAccessLogs")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireAccessLogs")
                        .expiration(Duration.days(stage.logRetentionDays())).build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        Bucket bucket = Bucket.Builder.create(this, "ImportBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                // SSE-S3: the import function reads without a KMS grant, and the ETag stays the content's MD5.
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("import-bucket/")
                .lifecycleRules(List.of(LifecycleRule.builder().id("ExpireImportFiles")
                        .expiration(Duration.days(IMPORT_FILE_DAYS))
                        .abortIncompleteMultipartUploadAfter(Duration.days(1))
                        .build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        CfnOutput.Builder.create(this, "ImportBucketName").value(bucket.getBucketName())
                .description("Upload legacy SQLite files here (aws s3 cp) for the import function").build();
        return bucket;
    }

    private void databaseAlarms(StageConfig stage) {
        MetricOptions fiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).build();
        MetricOptions fiveMinuteMinimum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Minimum").build();
        MetricOptions fiveMinuteMaximum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build();
        Alarms alarms = new Alarms(this, "Alarms", alarmTopic, stage.name());
        alarms.add("DatabaseCpuAlarm", "PostgreSQL CPU above " + stage.dbCpuAlarmPercent() + "% for 15 minutes",
                database.metricCPUUtilization(fiveMinutes), stage.dbCpuAlarmPercent(), 3,
                ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.MISSING);
        alarms.add("DatabaseConnectionsAlarm", "PostgreSQL connections above " + stage.dbConnectionsAlarm(),
                database.metricDatabaseConnections(fiveMinuteMaximum),
                stage.dbConnectionsAlarm(), 2, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.MISSING);
        long gib = 1024L * 1024 * 1024;
        alarms.add("DatabaseFreeStorageAlarm", "PostgreSQL has less than 20% of its initial storage free "
                        + "(autoscaling may not follow fast enough)",
                database.metricFreeStorageSpace(fiveMinuteMinimum), stage.dbAllocatedStorageGb() * gib / 5, 1,
                ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.MISSING);
        alarms.add("DatabaseFreeableMemoryAlarm", "PostgreSQL has less than 10% of its memory free for 15 minutes",
                database.metricFreeableMemory(fiveMinuteMinimum), stage.dbMemoryGib() * gib / 10, 3,
                ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.MISSING);
        if (stage.dbInstanceType().startsWith("t")) {
            // A burstable instance out of credits runs at its baseline: a fraction of a core.
            alarms.add("DatabaseCpuCreditsAlarm", "PostgreSQL's CPU credit balance is nearly spent",
                    database.metric("CPUCreditBalance", fiveMinuteMinimum), DATABASE_CPU_CREDITS_ALARM, 1,
                    ComparisonOperator.LESS_THAN_THRESHOLD, TreatMissingData.MISSING);
        }
        Map<String, String> proxyDimension = Map.of("ProxyName", proxy.getDbProxyName());
        alarms.add("ProxyPinnedSessionsAlarm", "RDS Proxy pins sessions (a connection kept for one client): "
                        + "its multiplexing is lost",
                Metric.Builder.create().namespace("AWS/RDS").metricName("DatabaseConnectionsCurrentlySessionPinned")
                        .dimensionsMap(proxyDimension).period(Duration.minutes(5)).statistic("Maximum").build(),
                5, 3, ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD, TreatMissingData.NOT_BREACHING);
        alarms.add("ProxyBorrowLatencyAlarm", "Functions wait over 1 s on average for a connection of RDS Proxy",
                Metric.Builder.create().namespace("AWS/RDS").metricName("DatabaseConnectionsBorrowLatency")
                        .dimensionsMap(proxyDimension).period(Duration.minutes(5)).statistic("Average").build(),
                1_000_000, 2, ComparisonOperator.GREATER_THAN_THRESHOLD, TreatMissingData.NOT_BREACHING);
    }

    private void suppressions(StageConfig stage) {
        NagSuppressions.addResourceSuppressions(database, List.of(
                suppress("AwsSolutions-RDS11", "PostgreSQL keeps port 5432: the instance sits in isolated subnets and "
                        + "accepts only RDS Proxy's and db-migrate's security groups, so a non-default port adds nothing.")
        ), true);
        NagSuppressions.addResourceSuppressions(whatsAppSecret, List.of(
                suppress("AwsSolutions-SMG4", "Meta issues the access token and app secret; they cannot be rotated by "
                        + "a Lambda here. The operator replaces them in Meta's dashboard and in this secret.")
        ), true);
        if (!stage.dbMultiAz()) {
            NagSuppressions.addResourceSuppressions(database, List.of(suppress("AwsSolutions-RDS3",
                    "The " + stage.name() + " stage runs single-AZ to halve its cost; prod is Multi-AZ.")), true);
        }
        if (!stage.deletionProtection()) {
            NagSuppressions.addResourceSuppressions(database, List.of(suppress("AwsSolutions-RDS10",
                    "The " + stage.name() + " stage is torn down freely; prod has deletion protection.")), true);
        }
    }

    private static NagPackSuppression suppress(String id, String reason) {
        return NagPackSuppression.builder().id(id).reason(reason).build();
    }

    private static RetentionDays retention(StageConfig stage) {
        return Retention.of(stage.logRetentionDays());
    }

    /** What the stateless stack may use. */
    public StatefulResources resources() {
        return new StatefulResources(vpc, functionsSecurityGroup, migrationSecurityGroup, database, proxy,
                database.getSecret(), whatsAppSecret, alarmTopic, importBucket, mediaBucket);
    }

    public IVpc getVpc() {
        return vpc;
    }

    public ISecurityGroup getFunctionsSecurityGroup() {
        return functionsSecurityGroup;
    }

    public ISecurityGroup getMigrationSecurityGroup() {
        return migrationSecurityGroup;
    }

    public DatabaseInstance getDatabase() {
        return database;
    }

    public DatabaseProxy getProxy() {
        return proxy;
    }

    public ISecret getDatabaseSecret() {
        return database.getSecret();
    }

    public ISecret getWhatsAppSecret() {
        return whatsAppSecret;
    }

    public ITopic getAlarmTopic() {
        return alarmTopic;
    }

    /**
     * The media files: what customers sent, uploads, the legacy gateway's media. Private, encrypted (SSE-S3), TLS
     * only, access-logged (beside the import bucket's logs, prefix {@code media-bucket/}), versioning off (a deleted
     * file must be gone); its lifecycle keeps files unless {@code -c mediaRetentionDays=N} says how long, and always
     * drops unfinished multipart uploads after a day. Retained with the stack: CloudFormation cannot delete a bucket
     * that holds files.
     */
    private Bucket mediaBucket() {
        Object retention = getNode().tryGetContext(MEDIA_RETENTION_CONTEXT);
        int days = retention == null || retention.toString().isBlank() ? 0 : Integer.parseInt(retention.toString().strip());
        if (days < 0) {
            throw new IllegalArgumentException(MEDIA_RETENTION_CONTEXT + " must be 0 (keep) or a number of days");
        }
        LifecycleRule.Builder rule = LifecycleRule.builder().id("MediaRetention").abortIncompleteMultipartUploadAfter(Duration.days(1));
        if (days > 0) {
            rule.expiration(Duration.days(days));
        }
        Bucket bucket = Bucket.Builder.create(this, "MediaBucket")
                .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
                .encryption(BucketEncryption.S3_MANAGED)
                .enforceSsl(true)
                .versioned(false)
                .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
                .serverAccessLogsBucket(accessLogs)
                .serverAccessLogsPrefix("media-bucket/")
                .lifecycleRules(List.of(rule.build()))
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        CfnOutput.Builder.create(this, "MediaBucketName").value(bucket.getBucketName())
                .description("The media files (MEDIA_STORAGE_BUCKET of the media functions)").build();
        return bucket;
    }

    public IBucket getMediaBucket() {
        return mediaBucket;
    }

    public IBucket getImportBucket() {
        return importBucket;
    }
}
