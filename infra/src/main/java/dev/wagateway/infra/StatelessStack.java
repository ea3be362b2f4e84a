package dev.wagateway.infra;

import io.github.cdklabs.cdknag.RegexAppliesTo;

import software.amazon.awscdk.services.iam.PolicyStatement;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.triggers.Trigger;
import software.constructs.Construct;

/**
 * What a deploy replaces freely, composed from the constructs: the database jobs (the migration every
 * deploy runs first, the operator's import), one {@link GatewayLambda} per other function behind RDS
 * Proxy, the {@link GatewayHttpApi} with its routes, the template sync schedule, the {@link EventsPipeline} (queue,
 * dispatcher, sweep and retention) and the {@link Alarms}.
 * Everything it uses from the stateful stack arrives as {@link StatefulResources}.
 */
public final class StatelessStack extends Stack {

    public static final String ALIAS_NAME = GatewayLambda.ALIAS_NAME;

    /** The functions EventBridge invokes on a schedule (asynchronously). */
    static final String MEDIA_OBJECTS_FINDING = "/^Resource::(<MediaBucket[0-9A-F]{8}\\.Arn>"
            + "|[^:<>]+:ExportsOutputFnGetAttMediaBucket[0-9A-F]{8}Arn[0-9A-F]{8})\\/\\*$/";
    /** media.storage.bucket of the functions that use the media bucket. */
    public static final String MEDIA_BUCKET_VARIABLE = "MEDIA_STORAGE_BUCKET";
    static final java.util.Set<GatewayFunction> SCHEDULED = java.util.EnumSet.of(GatewayFunction.TEMPLATE_SYNC, GatewayFunction.MEDIA_RETRY,
            GatewayFunction.EVENTS_SWEEP, GatewayFunction.EVENTS_RETENTION);

    /**
     * @param stage           sizes per stage
     * @param jars            where the function jars are
     * @param stateful        the network, database, secrets, topic and bucket of the stateful stack
     * @param secretsRevision when set, an environment value that publishes fresh versions (and SnapStart
     *                        snapshots) of the functions, so that they read changed secrets; null for none
     * @param domain          the API's own host name, or null
     */
    public record Props(StageConfig stage, FunctionJars jars, StatefulResources stateful, String secretsRevision,
                        CustomDomain domain) {
    }

    private final Map<GatewayFunction, GatewayLambda> functions = new EnumMap<>(GatewayFunction.class);
    private final DatabaseJobs databaseJobs;
    private final GatewayHttpApi api;
    private final Alarms alarms;
    private final EventsPipeline events;
    private final Queue scheduleFailures;

    public StatelessStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        StageConfig stage = props.stage();
        StatefulResources stateful = props.stateful();

        databaseJobs = new DatabaseJobs(this, "DatabaseJobs", stage, props.jars(), stateful);
        functions.put(GatewayFunction.DB_MIGRATE, databaseJobs.migrate());
        functions.put(GatewayFunction.DB_IMPORT, databaseJobs.importer());
        List<Construct> afterMigration = new ArrayList<>(List.of(databaseJobs.importer()));
        scheduleFailures = newScheduleFailures();
        DatabaseLogin iam = new DatabaseLogin.IamThroughProxy(stateful.proxy());
        for (GatewayFunction function : GatewayFunction.values()) {
            if (functions.containsKey(function)) {
                continue;
            }
            GatewayLambda lambda = new GatewayLambda(this, new GatewayLambda.Props(stage, function, props.jars(),
                    stateful.vpc(), stateful.functionsSecurityGroup(), iam, stateful.whatsAppSecret(), true,
                    props.secretsRevision(), SCHEDULED.contains(function) ? scheduleFailures : null));
            functions.put(function, lambda);
            afterMigration.add(lambda);
        }
        databaseJobs.runBefore(afterMigration);

        Map<GatewayFunction, IFunction> targets = new EnumMap<>(GatewayFunction.class);
        functions.forEach((function, lambda) -> {
            if (lambda.alias() != null) {
                targets.put(function, lambda.alias());
            }
        });
        api = new GatewayHttpApi(this, "HttpApi", new GatewayHttpApi.Props(stage, ApiRoute.ALL, targets, props.domain()));
        CfnOutput.Builder.create(this, "ApiUrl").value(api.url()).description("Base URL of the HTTP API").build();
        CfnOutput.Builder.create(this, "WebhookUrl").value(api.url() + "webhooks/whatsapp")
                .description("Callback URL to enter in Meta's WhatsApp webhook setup").build();

        templateSyncSchedule(stage);
        alarms = new Alarms(this, "Alarms", stateful.alarmTopic(), stage.name());
        events = new EventsPipeline(this, "Events", new EventsPipeline.Props(stage, functions, alarms, scheduleFailures));
        consumer("Automation", "automation", GatewayFunction.AUTOMATION_WORKER, stage);
        consumer("MediaConsumer", "media", GatewayFunction.MEDIA_JOBS, stage);
        media(stage, stateful);
        functionAndApiAlarms(stage);
    }

    private void consumer(String id, String name, GatewayFunction function, StageConfig stage) {
        new EventConsumerQueue(this, id, new EventConsumerQueue.Props(name, stage.size(function), functions.get(function),
                functions.get(GatewayFunction.DISPATCH_EVENTS), alarms));
    }

    /**
     * The media bucket for the functions that use it (read and write for the media functions, read for send-message,
     * which uploads a stored file to Meta again), and the media retries every minute.
     */
    private void media(StageConfig stage, StatefulResources stateful) {
        for (GatewayFunction function : GatewayFunction.values()) {
            if (!function.usesMediaBucket()) {
                continue;
            }
            GatewayLambda lambda = functions.get(function);
            lambda.lambda().addEnvironment(MEDIA_BUCKET_VARIABLE, stateful.mediaBucket().getBucketName());
            // The objects of the media bucket only; send-message reads (a stored file uploaded to Meta again).
            List<String> actions = function == GatewayFunction.SEND_MESSAGE ? List.of("s3:GetObject")
                    : List.of("s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:AbortMultipartUpload");
            lambda.lambda().addToRolePolicy(PolicyStatement.Builder.create()
                    .actions(actions)
                    .resources(List.of(stateful.mediaBucket().arnForObjects("*")))
                    .build());
            NagSuppressions.addResourceSuppressions(lambda.role(), List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("Media objects are keyed by their media id (inbound/, upload/, legacy/): the function reaches "
                            + "the objects of the media bucket, and only of that bucket.")
                    .appliesTo(List.of(RegexAppliesTo.builder().regex(MEDIA_OBJECTS_FINDING).build()))
                    .build()), true);
        }
        Rule.Builder.create(this, "MediaRetrySchedule")
                .description("Fetches again the inbound media whose download failed and is due (wa-gateway " + stage.name() + ")")
                .schedule(Schedule.rate(Duration.minutes(1)))
                .targets(List.of(new LambdaFunction(alias(GatewayFunction.MEDIA_RETRY), LambdaFunctionProps.builder()
                        // The next run a minute later does the same work.
                        .retryAttempts(0)
                        .maxEventAge(Duration.minutes(1))
                        .deadLetterQueue(scheduleFailures)
                        .build())))
                .build();
    }

    /**
     * Where the scheduled jobs' failures are kept (14 days, alarmed): an event EventBridge could not deliver after its
     * retries, and an invocation that still failed after Lambda's own retries (the function's dead-letter queue;
     * EventBridge invokes asynchronously, so a failing run is never EventBridge's failure).
     */
    private Queue newScheduleFailures() {
        Queue queue = Queue.Builder.create(this, "ScheduleFailures")
                .encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true)
                .retentionPeriod(Duration.days(14))
                .build();
        String why = "This queue is the dead-letter queue of the scheduled jobs (template sync, events sweep and retention) "
                + "and of their EventBridge targets: failed invocations are kept here and its alarm tells the operator; "
                + "nothing consumes it that could fail.";
        NagSuppressions.addResourceSuppressions(queue, List.of(
                NagPackSuppression.builder().id("AwsSolutions-SQS3").reason(why).build(),
                NagPackSuppression.builder().id("Serverless-SQSRedrivePolicy").reason(why).build()), true);
        return queue;
    }

    /** The hourly (prod) or six-hourly (dev) template pull. */
    private void templateSyncSchedule(StageConfig stage) {
        Rule.Builder.create(this, "TemplateSyncSchedule")
                .description("Pulls message templates from Meta into wa-gateway " + stage.name())
                .schedule(Schedule.rate(Duration.minutes(stage.templateSyncEveryMinutes())))
                .targets(List.of(new LambdaFunction(alias(GatewayFunction.TEMPLATE_SYNC),
                        LambdaFunctionProps.builder()
                                .retryAttempts(2)
                                .maxEventAge(Duration.hours(1))
                                .deadLetterQueue(scheduleFailures)
                                .build())))
                .build();
    }

    private void functionAndApiAlarms(StageConfig stage) {
        MetricOptions sumOverFiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build();
        MetricOptions maximumOverFiveMinutes = MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum")
                .build();
        alarms.atLeast("Api5xxAlarm", "The HTTP API answered 5xx at least 5 times in 5 minutes",
                api.api().metricServerError(sumOverFiveMinutes), 5);
        // After an app secret change every delivery from Meta is refused (401): someone must know.
        alarms.atLeast("Webhook4xxAlarm", "Meta's webhook deliveries were refused (4xx) at least 5 times in 5 minutes: "
                        + "check the app secret and the verify token",
                api.routeStatusCount("Webhook4xx", "POST /webhooks/whatsapp", "4"), 5);
        alarms.atLeast("Webhook5xxAlarm", "Meta's webhook deliveries failed (5xx) at least 3 times in 5 minutes",
                api.routeStatusCount("Webhook5xx", "POST /webhooks/whatsapp", "5"), 3);
        alarms.atLeast("ScheduledJobFailedAlarm", "A scheduled template sync, events sweep or retention run failed "
                        + "after its retries (message in the schedule failures queue)",
                scheduleFailures.metricApproximateNumberOfMessagesVisible(maximumOverFiveMinutes), 1);
        functions.forEach((function, lambda) -> {
            if (lambda.alias() == null) {
                // A failed migration fails the deploy itself; an import answers its outcome to whoever invoked it.
                return;
            }
            String id = function.constructId();
            alarms.atLeast(id + "ErrorsAlarm", id + " raised an error", lambda.lambda().metricErrors(sumOverFiveMinutes), 1);
            alarms.atLeast(id + "ThrottlesAlarm", id + " was throttled", lambda.lambda().metricThrottles(sumOverFiveMinutes), 1);
            int timeoutMs = stage.size(function).timeoutSeconds() * 1000;
            alarms.atLeast(id + "DurationAlarm", id + " ran for 80% of its timeout or longer",
                    lambda.lambda().metricDuration(maximumOverFiveMinutes), timeoutMs * 0.8);
        });
    }

    public GatewayLambda gatewayLambda(GatewayFunction function) {
        return functions.get(function);
    }

    public Function function(GatewayFunction function) {
        return functions.get(function).lambda();
    }

    public Alias alias(GatewayFunction function) {
        return functions.get(function).alias();
    }

    public Trigger getMigration() {
        return databaseJobs.migration();
    }

    public HttpApi getApi() {
        return api.api();
    }

    public Function getImporter() {
        return databaseJobs.importer().lambda();
    }

    public Queue scheduleFailures() {
        return scheduleFailures;
    }

    public EventsPipeline events() {
        return events;
    }

    public Alarms alarms() {
        return alarms;
    }
}
