package dev.wagateway.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Annotations;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Size;
import software.amazon.awscdk.services.ec2.ISecurityGroup;
import software.amazon.awscdk.services.ec2.IVpc;
import software.amazon.awscdk.services.ec2.SubnetSelection;
import software.amazon.awscdk.services.ec2.SubnetType;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Architecture;
import software.amazon.awscdk.services.lambda.Code;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.Runtime;
import software.amazon.awscdk.services.lambda.LoggingFormat;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.Tracing;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.secretsmanager.ISecret;
import software.amazon.awscdk.services.sqs.IQueue;
import software.constructs.Construct;

/**
 * One Lambda function of the product: its module's shaded jar on java21/arm64 in the private subnets,
 * with a role of its own (its log group, its database login, its secrets, the VPC network interfaces; no AWS
 * managed policy), its own log group with the stage's retention, and the database settings in its environment. With
 * SnapStart it is called through the alias {@value #ALIAS_NAME} on its current published version.
 */
public final class GatewayLambda extends Construct {

    public static final String ALIAS_NAME = "live";
    /** wa-gateway.stage of the functions. */
    public static final String STAGE_VARIABLE = "WA_GATEWAY_STAGE";
    /** datasources.default.maximum-pool-size: environment variables override the functions' YAML. */
    public static final String POOL_SIZE_VARIABLE = "DATASOURCES_DEFAULT_MAXIMUM_POOL_SIZE";

    /**
     * @param stage           sizes and retention
     * @param function        which function
     * @param jars            where its jar is
     * @param vpc             the network
     * @param securityGroup   its security group
     * @param database        how it logs in to PostgreSQL (RDS Proxy with IAM, or the instance with the master secret)
     * @param whatsAppSecret  the WhatsApp settings, granted only when the function talks to Meta
     * @param snapStart       SnapStart on published versions, behind the alias
     * @param secretsRevision when set (and with SnapStart), an environment value whose change publishes fresh
     *                        versions, so that the snapshots read changed secrets; null for none
     * @param asyncFailures   for a function invoked asynchronously (a schedule), the queue that keeps an event whose
     *                        invocation still failed after Lambda's retries; null for one only ever invoked
     *                        synchronously (API Gateway, the SQS event source, the deploy trigger, the operator)
     */
    public record Props(
            StageConfig stage,
            GatewayFunction function,
            FunctionJars jars,
            IVpc vpc,
            ISecurityGroup securityGroup,
            DatabaseLogin database,
            ISecret whatsAppSecret,
            boolean snapStart,
            String secretsRevision,
            IQueue asyncFailures) {
    }

    private final GatewayFunction function;
    private final Role role;
    private final Function lambda;
    private final Alias alias;

    public GatewayLambda(Construct scope, Props props) {
        super(scope, props.function().constructId());
        this.function = props.function();
        StageConfig stage = props.stage();
        FunctionSize size = stage.size(function);
        LogGroup logs = LogGroup.Builder.create(this, "Logs")
                .retention(Retention.of(stage.logRetentionDays()))
                .removalPolicy(stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();

        role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("lambda.amazonaws.com"))
                .description("wa-gateway " + stage.name() + " " + function.module() + " (" + function.constructId() + ")")
                .build();
        logs.grantWrite(role);
        role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                .actions(List.of("ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets",
                        "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses",
                        "ec2:UnassignPrivateIpAddresses"))
                .resources(List.of("*"))
                .build());
        props.database().grant(role);

        Map<String, String> environment = new LinkedHashMap<>(props.database().environment());
        if (function.usesWhatsApp()) {
            props.whatsAppSecret().grantRead(role);
            environment.put("WHATSAPP_SECRET_ARN", props.whatsAppSecret().getSecretArn());
        }
        environment.put("LOG_FORMAT", "json");
        // wa-gateway.stage: the Stage dimension of the metrics the functions write (the alarms select on it).
        environment.put(STAGE_VARIABLE, stage.name());
        // The pool that, times the reserved concurrency, fits the connections sized in StageConfig.
        environment.put(POOL_SIZE_VARIABLE, String.valueOf(size.databaseConnections()));
        if (props.snapStart() && props.secretsRevision() != null) {
            // A snapshot keeps what init read; a new value here is the only change that makes Lambda take a new one.
            environment.put("SECRETS_REVISION", props.secretsRevision());
        }

        // "Resource": the function is this construct's default child, so its logical id is the construct's.
        lambda = Function.Builder.create(this, "Resource")
                .description("wa-gateway " + stage.name() + " " + function.module()
                        + (function.handler().equals(Handlers.API_GATEWAY) ? "" : " " + simpleName(function.handler())))
                .runtime(Runtime.JAVA_21)
                .architecture(Architecture.ARM_64)
                .handler(function.handler())
                .code(Code.fromAsset(props.jars().require(function).toString()))
                .memorySize(size.memoryMb())
                .timeout(Duration.seconds(size.timeoutSeconds()))
                // No more instances than the database has connections for (StageConfig sizes both).
                .reservedConcurrentExecutions(size.reservedConcurrency())
                .role(role)
                .logGroup(logs)
                .vpc(props.vpc())
                .vpcSubnets(SubnetSelection.builder().subnetType(SubnetType.PRIVATE_WITH_EGRESS).build())
                .securityGroups(List.of(props.securityGroup()))
                .environment(environment)
                // X-Ray traces each invocation (init, the handler, the downstream calls the SDK makes).
                .tracing(Tracing.ACTIVE)
                // Lambda's own lines (START, END, REPORT, errors) as JSON too, beside the functions' JSON lines.
                .loggingFormat(LoggingFormat.JSON)
                .snapStart(props.snapStart() ? SnapStartConf.ON_PUBLISHED_VERSIONS : null)
                .deadLetterQueue(props.asyncFailures())
                .ephemeralStorageSize(size.ephemeralStorageMb() == FunctionSize.DEFAULT_EPHEMERAL_STORAGE_MB
                        ? null : Size.mebibytes(size.ephemeralStorageMb()))
                .build();
        if (props.snapStart()) {
            Annotations.of(lambda).acknowledgeWarning("@aws-cdk/aws-lambda:snapStartRequirePublish",
                    "Published: the alias \"" + ALIAS_NAME + "\" points at the current version");
            alias = Alias.Builder.create(this, "Alias")
                    .aliasName(ALIAS_NAME)
                    .version(lambda.getCurrentVersion())
                    .build();
        } else {
            alias = null;
        }

        NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("Lambda's VPC network-interface actions and X-Ray's PutTraceSegments/PutTelemetryRecords do "
                        + "not support resource-level permissions; these are the statements of AWSLambdaVPCAccessExecutionRole "
                        + "(without logs) and AWSXRayDaemonWriteAccess.")
                .appliesTo(List.of("Resource::*"))
                .build()), true);
        String runtime = "The functions are compiled for release 21 and run on the java21 runtime on purpose "
                + "(Micronaut 4.10 and SnapStart support); moving runtimes is a build decision.";
        List<NagPackSuppression> suppressions = new ArrayList<>(List.of(
                NagPackSuppression.builder().id("AwsSolutions-L1").reason(runtime).build(),
                NagPackSuppression.builder().id("Serverless-LambdaLatestVersion").reason(runtime).build()));
        if (props.asyncFailures() == null) {
            suppressions.add(NagPackSuppression.builder().id("Serverless-LambdaDLQ")
                    .reason("Only ever invoked synchronously (API Gateway, the SQS event source mapping, the deploy "
                            + "trigger's RequestResponse, the operator's RequestResponse): Lambda never queues an event "
                            + "for it, so a dead-letter queue would never receive one; a failure is the caller's answer.")
                    .build());
        }
        NagSuppressions.addResourceSuppressions(lambda, suppressions, true);
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    public GatewayFunction function() {
        return function;
    }

    public Function lambda() {
        return lambda;
    }

    public Role role() {
        return role;
    }

    /** The alias "live" that callers use; null for a function without SnapStart, which is called directly. */
    public Alias alias() {
        return alias;
    }
}
