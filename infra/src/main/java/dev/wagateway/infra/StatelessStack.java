package dev.wagateway.infra;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sns.ITopic;
import software.amazon.awscdk.triggers.InvocationType;
import software.amazon.awscdk.triggers.Trigger;
import software.constructs.Construct;

/**
 * What a deploy replaces freely: the functions, the HTTP API, the migration run, the import function,
 * the template sync schedule and the alarms. Every function runs its module's shaded jar on java21/arm64 in the private
 * subnets; the API and the schedule call SnapStart-enabled published versions through the alias "live".
 */
public final class StatelessStack extends Stack {

    public static final String ALIAS_NAME = "live";

    /**
     * cdk-nag's finding for "every object of the import bucket", the one wildcard the import role holds. The
     * bucket's ARN is named by its logical id, or by the stateful stack's export once the reference is resolved.
     */
    static final String IMPORT_OBJECTS_FINDING = "/^Resource::(<ImportBucket[0-9A-F]{8}\\.Arn>"
            + "|[^:<>]+:ExportsOutputFnGetAttImportBucket[0-9A-F]{8}Arn[0-9A-F]{8})\\/\\*$/";

    /** The functions the HTTP API routes to. */
    public static final List<GatewayFunction> API_FUNCTIONS = List.of(GatewayFunction.SEND_MESSAGE,
            GatewayFunction.RECEIVE_WEBHOOK, GatewayFunction.UPSERT_CONTACT, GatewayFunction.LIST_TEMPLATES);

    /**
     * @param stage                    sizes per stage
     * @param jars                     where the function jars are
     * @param vpc                      the network of the stateful stack
     * @param functionsSecurityGroup   allowed to RDS Proxy and HTTPS out
     * @param migrationSecurityGroup   allowed to the database directly and HTTPS out
     * @param proxyEndpoint            RDS Proxy host name
     * @param databaseEndpoint         the database's own host name, for db-migrate only
     * @param databaseSecret           the generated database credentials (read at init)
     * @param whatsAppSecret           the operator-filled WhatsApp settings (read at init)
     * @param alarmTopic               where alarms go
     * @param importBucket             where legacy files are uploaded; the import function may only read it
     * @param secretsRevision          when set, an environment value that publishes fresh versions (and SnapStart
     *                                 snapshots) of the functions, so that they read changed secrets; null for none
     */
    public record Props(
            StageConfig stage,
            FunctionJars jars,
            IVpc vpc,
            ISecurityGroup functionsSecurityGroup,
            ISecurityGroup migrationSecurityGroup,
            String proxyEndpoint,
            String databaseEndpoint,
            ISecret databaseSecret,
            ISecret whatsAppSecret,
            ITopic alarmTopic,
            IBucket importBucket,
            String secretsRevision) {
    }

    private final Props props;
    private final Map<GatewayFunction, Function> functions = new EnumMap<>(GatewayFunction.class);
    private final Map<GatewayFunction, Alias> aliases = new EnumMap<>(GatewayFunction.class);
    private final Trigger migration;
    private final HttpApi api;
    private final Function importer;

    public StatelessStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        this.props = props;

        Function migrate = function(GatewayFunction.DB_MIGRATE,
                jdbcUrl(props.databaseEndpoint()), props.migrationSecurityGroup(), false);
        // Runs whenever db-migrate's version changes, i.e. whenever its jar (which carries the migrations)
        // changes. A thrown migration fails the custom resource, so the deploy stops and rolls back before
        // any function that needs the new schema is updated.
        migration = Trigger.Builder.create(this, "MigrateOnDeploy")
                .handler(migrate)
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .executeOnHandlerChange(true)
                .timeout(Duration.seconds(props.stage().size(GatewayFunction.DB_MIGRATE).timeoutSeconds() + 60L))
                .build();

        importer = importFunction();
        List<Construct> dependOnMigration = new ArrayList<>(List.of(importer));
        for (GatewayFunction function : GatewayFunction.values()) {
            if (function == GatewayFunction.DB_MIGRATE || function == GatewayFunction.DB_IMPORT) {
                continue;
            }
            Function fn = function(function, jdbcUrl(props.proxyEndpoint()), props.functionsSecurityGroup(), true);
            aliases.put(function, Alias.Builder.create(this, function.constructId() + "Alias")
                    .aliasName(ALIAS_NAME)
                    .version(fn.getCurrentVersion())
                    .build());
            dependOnMigration.add(fn);
        }
        migration.executeBefore(dependOnMigration.toArray(Construct[]::new));

        api = httpApi();
        templateSyncSchedule();
        alarms();
        suppressions();
    }

    /**
     * {@code ImportHandler} from the db-migrate jar, invoked by the operator (never by the API): like the
     * migration it works over the database's own endpoint, in one long session; it copies the file from
     * the import bucket into its /tmp, which SQLite needs. No SnapStart: it runs rarely, and SnapStart
     * allows no /tmp beyond 512 MB.
     */
    private Function importFunction() {
        Function fn = function(GatewayFunction.DB_IMPORT, jdbcUrl(props.databaseEndpoint()), props.migrationSecurityGroup(),
                false);
        fn.addEnvironment("IMPORT_BUCKET", props.importBucket().getBucketName());
        // Read only, and nothing but the objects: no writes, no deletes, no other bucket.
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(props.importBucket().arnForObjects("*")))
                .build());
        // Listing lets a missing key read as NoSuchKey instead of AccessDenied.
        fn.addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(props.importBucket().getBucketArn()))
                .build());
        NagSuppressions.addResourceSuppressions(fn.getRole(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The import reads whichever legacy file the operator uploaded, so s3:GetObject covers the "
                        + "objects of the import bucket, and only of that bucket.")
                // The bucket's ARN arrives as the stateful stack's export.
                .appliesTo(List.of(RegexAppliesTo.builder().regex(IMPORT_OBJECTS_FINDING).build()))
                .build()), true);
        CfnOutput.Builder.create(this, "ImportFunctionName").value(fn.getFunctionName())
                .description("Invoke with {\"key\": \"<file in the import bucket>\"} to import a legacy SQLite file").build();
        return fn;
    }

    private static String jdbcUrl(String host) {
        return "jdbc:postgresql://" + host + ":" + StatefulStack.DATABASE_PORT + "/" + StatefulStack.DATABASE_NAME;
    }

    private Function function(GatewayFunction function, String jdbcUrl, ISecurityGroup securityGroup,
                              boolean snapStart) {
        String id = function.constructId();
        FunctionSize size = props.stage().size(function);
        LogGroup logs = LogGroup.Builder.create(this, id + "Logs")
                .retention(Retention.of(props.stage().logRetentionDays()))
                .removalPolicy(props.stage().retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();

        // An own role instead of the AWS managed Lambda policies: logs to this function's group only, and
        // only the secrets it reads.
        Role role = Role.Builder.create(this, id + "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("wa-gateway " + props.stage().name() + " " + function.module() + " (" + id + ")")
                .build();
        logs.grantWrite(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                        "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses"))
                .resources(List.of("*"))
                .build());
        props.databaseSecret().grantRead(role);

        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("DATASOURCES_DEFAULT_URL", jdbcUrl);
        environment.put("DATASOURCES_DEFAULT_USERNAME", StatefulStack.DATABASE_USERNAME);
        environment.put("DB_SECRET_ARN", props.databaseSecret().getSecretArn());
        if (function.usesWhatsApp()) {
            props.whatsAppSecret().grantRead(role);
            environment.put("WHATSAPP_SECRET_ARN", props.whatsAppSecret().getSecretArn());
        }
        environment.put("LOG_FORMAT", "json");
        if (snapStart && props.secretsRevision() != null) {
            // A snapshot keeps what init read; a new value here is the only change that makes Lambda take a new one.
            environment.put("SECRETS_REVISION", props.secretsRevision());
        }

        Function fn = Function.Builder.create(this, id)
                .description("wa-gateway " + props.stage().name() + " " + function.module()
                        + (function.handler().equals(Handlers.API_GATEWAY) ? "" : " " + simpleName(function.handler())))
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(function.handler())
                .code(Code.fromAsset(props.jars().require(function).toString()))
                .memorySize(size.memoryMb())
                .timeout(Duration.seconds(size.timeoutSeconds()))
                .role(role)
                .logGroup(logs)
                .vpc(props.vpc())
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(securityGroup))
                .environment(environment)
                .snapStart(snapStart ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .ephemeralStorageSize(size.ephemeralStorageMb() == FunctionSize.DEFAULT_EPHEMERAL_STORAGE_MB
                        ? null : Size.mebibytes(size.ephemeralStorageMb()))
                .build();
        fn.getNode().addDependency(role);
        if (snapStart) {
            Annotations.of(fn).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "Published: the alias \"" + ALIAS_NAME + "\" points at the current version");
        }
        functions.put(function, fn);

        NagSuppressions.addResourceSuppressions(role, List.of(
                suppress("AwsSolutions-IAM5", "Lambda's VPC network-interface actions do not support resource-level "
                        + "permissions; this is the same statement as AWSLambdaVPCAccessExecutionRole, without logs.",
                        "Resource::*")), true);
        NagSuppressions.addResourceSuppressions(fn, List.of(
                suppress("AwsSolutions-L1", "The functions are compiled for release 21 and run on the java21 runtime "
                        + "on purpose (Micronaut 4.10 and SnapStart support); moving runtimes is a build decision.",
                        null)), true);
        return fn;
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private HttpApi httpApi() {
        HttpApi httpApi = HttpApi.Builder.create(this, "HttpApi")
                .apiName("wa-gateway-" + props.stage().name())
                .description("wa-gateway " + props.stage().name() + ": /v1 for client apps, /webhooks for Meta")
                .createDefaultStage(false)
                .build();
        LogGroup accessLogs = LogGroup.Builder.create(this, "ApiAccessLogs")
                .retention(Retention.of(props.stage().logRetentionDays()))
                .removalPolicy(props.stage().retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        HttpStage stage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(httpApi)
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(props.stage().apiRateLimit())
                        .burstLimit(props.stage().apiBurstLimit())
                        .build())
                .accessLogSettings(new AccessLogs(new LogGroupLogDestination(accessLogs)))
                .build();

        Map<GatewayFunction, HttpLambdaIntegration> integrations = new EnumMap<>(GatewayFunction.class);
        for (GatewayFunction function : API_FUNCTIONS) {
            integrations.put(function,
                    new HttpLambdaIntegration(function.constructId() + "Integration", aliases.get(function)));
        }
        for (ApiRoute route : ApiRoute.ALL) {
            httpApi.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(route.methods())
                    .integration(integrations.get(route.function()))
                    .build());
        }

        CfnOutput.Builder.create(this, "ApiUrl").value(stage.getUrl())
                .description("Base URL of the HTTP API").build();
        CfnOutput.Builder.create(this, "WebhookUrl").value(stage.getUrl() + "webhooks/whatsapp")
                .description("Callback URL to enter in Meta's WhatsApp webhook setup").build();
        return httpApi;
    }

    private void templateSyncSchedule() {
        Rule.Builder.create(this, "TemplateSyncSchedule")
                .description("Pulls message templates from Meta into wa-gateway " + props.stage().name())
                .schedule(Schedule.rate(Duration.minutes(props.stage().templateSyncEveryMinutes())))
                .targets(List.of(new LambdaFunction(aliases.get(GatewayFunction.TEMPLATE_SYNC),
                        LambdaFunctionProps.builder()
                                .retryAttempts(2)
                                .maxEventAge(Duration.hours(1))
                                .build())))
                .build();
    }

    private void alarms() {
        SnsAction notify = new SnsAction(props.alarmTopic());
        MetricOptions sumOverFiveMinutes = MetricOptions.builder()
                .period(Duration.minutes(5)).statistic("Sum").build();
        List<Alarm> alarms = new ArrayList<>();
        alarms.add(alarm("Api5xxAlarm", "The HTTP API answered 5xx at least 5 times in 5 minutes",
                api.metricServerError(sumOverFiveMinutes), 5));
        for (Map.Entry<GatewayFunction, Function> entry : functions.entrySet()) {
            if (entry.getKey() == GatewayFunction.DB_MIGRATE || entry.getKey() == GatewayFunction.DB_IMPORT) {
                // A failed migration fails the deploy itself; an import answers its outcome to whoever invoked it.
                continue;
            }
            String id = entry.getKey().constructId();
            alarms.add(alarm(id + "ErrorsAlarm", id + " raised an error",
                    entry.getValue().metricErrors(sumOverFiveMinutes), 1));
            alarms.add(alarm(id + "ThrottlesAlarm", id + " was throttled",
                    entry.getValue().metricThrottles(sumOverFiveMinutes), 1));
        }
        for (Alarm alarm : alarms) {
            alarm.addAlarmAction(notify);
            alarm.addOkAction(notify);
        }
    }

    private Alarm alarm(String id, String description, IMetric metric, int threshold) {
        return Alarm.Builder.create(this, id)
                .alarmDescription("wa-gateway " + props.stage().name() + ": " + description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(1)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build();
    }

    private void suppressions() {
        NagSuppressions.addResourceSuppressions(api, List.of(
                suppress("AwsSolutions-APIG4", "Authorization happens in the functions: /v1 routes check the "
                        + "caller's API key (hashed in PostgreSQL, with scopes and rate limits), and /webhooks/whatsapp "
                        + "checks Meta's X-Hub-Signature-256 HMAC over the raw body; API Gateway has no authorizer "
                        + "for either without an extra Lambda call per request.", null)), true);
        // The CDK's trigger provider is a plain CfnResource, which the AwsSolutions rules do not inspect.
    }

    private static NagPackSuppression suppress(String id, String reason, String appliesTo) {
        NagPackSuppression.Builder builder = NagPackSuppression.builder().id(id).reason(reason);
        if (appliesTo != null) {
            builder.appliesTo(List.of(appliesTo));
        }
        return builder.build();
    }

    public Function function(GatewayFunction function) {
        return functions.get(function);
    }

    public Alias alias(GatewayFunction function) {
        return aliases.get(function);
    }

    public Trigger getMigration() {
        return migration;
    }

    public HttpApi getApi() {
        return api;
    }

    public Function getImporter() {
        return importer;
    }

    /** API Gateway access log lines: one JSON object per request, no bodies and no headers. */
    private static final class AccessLogs implements IAccessLogSettings {
        private final IAccessLogDestination destination;

        AccessLogs(IAccessLogDestination destination) {
            this.destination = destination;
        }

        @Override
        public IAccessLogDestination getDestination() {
            return destination;
        }

        @Override
        public AccessLogFormat getFormat() {
            return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                    + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
                    + "\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
                    + "\"responseLength\":\"$context.responseLength\",\"latencyMs\":\"$context.responseLatency\","
                    + "\"integrationLatencyMs\":\"$context.integrationLatency\","
                    + "\"integrationError\":\"$context.integrationErrorMessage\"}");
        }
    }
}
