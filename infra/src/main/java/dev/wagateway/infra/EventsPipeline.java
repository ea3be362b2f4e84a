package dev.wagateway.infra;

import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.events.targets.LambdaFunctionProps;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

/**
 * Events out: the SQS event queue and its dead-letter queue (encrypted, TLS only), dispatch-events behind the
 * queue (batches of 10, partial batch failure reports), the sweeper (every minute) and retention (daily)
 * schedules, send-only access to the queue and its URL for every function that sends event ids, and the alarms:
 * a message in the dead-letter queue, a message waiting too long, deliveries that died (a schedule that failed
 * lands in the stack's schedule failures queue, alarmed there).
 */
public final class EventsPipeline extends Construct {

    /** The functions that send event ids to the queue: the writers after commit, and the dispatcher's and sweeper's re-sends. */
    public static final List<GatewayFunction> SENDERS = List.of(GatewayFunction.SEND_MESSAGE,
            GatewayFunction.RECEIVE_WEBHOOK, GatewayFunction.UPSERT_CONTACT, GatewayFunction.LIST_TEMPLATES,
            GatewayFunction.TEMPLATE_SYNC, GatewayFunction.MANAGE_WEBHOOKS, GatewayFunction.DISPATCH_EVENTS,
            GatewayFunction.EVENTS_SWEEP, GatewayFunction.AUTOMATION_WORKER, GatewayFunction.MANAGE_AUTOMATION,
            GatewayFunction.MEDIA, GatewayFunction.MEDIA_JOBS, GatewayFunction.MEDIA_RETRY, GatewayFunction.LEGACY_MEDIA);
    /** events.queue.url of the functions (EventQueueSettings). */
    public static final String QUEUE_URL_VARIABLE = "EVENTS_QUEUE_URL";
    /** Receives of one message before SQS moves it to the dead-letter queue. */
    public static final int MAX_RECEIVES = 5;
    public static final int BATCH_SIZE = 10;
    /** The namespace and metric the sweep writes in the embedded metric format (shared/metrics' GatewayMetrics). */
    public static final String METRICS_NAMESPACE = "WaGateway";
    public static final String DEAD_DELIVERIES_METRIC = "DeadDeliveries";
    /** An event id waiting this long for a worker means the dispatcher is down or behind. */
    public static final int OLDEST_MESSAGE_ALARM_SECONDS = 300;

    /**
     * @param stage     sizes
     * @param functions every function of the stack
     * @param alarms    the stack's alarms (named so that the topic admits them)
     * @param scheduleFailures the stack's queue (alarmed) for scheduled jobs that failed
     */
    public record Props(StageConfig stage, Map<GatewayFunction, GatewayLambda> functions, Alarms alarms,
                        IQueue scheduleFailures) {
    }

    private final Queue queue;
    private final Queue deadLetters;
    private final IQueue scheduleFailures;

    public EventsPipeline(Construct scope, String id, Props props) {
        super(scope, id);
        StageConfig stage = props.stage();
        FunctionSize dispatcher = stage.size(GatewayFunction.DISPATCH_EVENTS);
        deadLetters = encryptedQueue("DeadLetters").retentionPeriod(Duration.days(14)).build();
        queue = encryptedQueue("Queue")
                // SQS's advice for a Lambda source: six times the function's timeout, so that a batch still running,
                // and the retries of throttled polls, never hand its messages to a second worker.
                .visibilityTimeout(Duration.seconds(6L * dispatcher.timeoutSeconds()))
                // The events are in the database too: a message lost to retention is sent again by the sweeper.
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(MAX_RECEIVES).build())
                .build();

        // On the alias: the published version with its SnapStart snapshot. maxConcurrency at the reserved concurrency,
        // so that the mapping never polls more than the function may run (throttled batches count as receives
        // and would reach the dead-letter queue).
        Alias dispatcherAlias = props.functions().get(GatewayFunction.DISPATCH_EVENTS).alias();
        dispatcherAlias.addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(BATCH_SIZE)
                .reportBatchItemFailures(true)
                .maxConcurrency(dispatcher.reservedConcurrency())
                .build());
        NagSuppressions.addResourceSuppressions(dispatcherAlias, List.of(NagPackSuppression.builder()
                .id("Serverless-LambdaEventSourceMappingDestination")
                .reason("An SQS event source mapping takes no on-failure destination (those are for streams): a message "
                        + "that fails " + MAX_RECEIVES + " receives moves to the queue's dead-letter queue, which is alarmed.")
                .build()), true);
        for (GatewayFunction sender : SENDERS) {
            GatewayLambda lambda = props.functions().get(sender);
            lambda.lambda().addEnvironment(QUEUE_URL_VARIABLE, queue.getQueueUrl());
            // SendMessage only (it also authorizes SendMessageBatch): no receive, no delete, no purge.
            queue.grant(lambda.role(), "sqs:SendMessage");
        }

        scheduleFailures = props.scheduleFailures();
        // The sweep also folds the message stats' changes into their counts (dispatch-events' StatsFold), so that
        // GET /v1/stats/messages reads counts: the data tier's every-minute job, no Lambda (nor proxy connections) of its own.
        schedule("SweepSchedule", "Sends again the events no worker picked up and folds the message stats (wa-gateway "
                        + stage.name() + ")",
                Duration.minutes(1), props.functions().get(GatewayFunction.EVENTS_SWEEP),
                // The next sweep comes a minute later and does the same work: a stale one is worth nothing.
                0, Duration.minutes(1));
        schedule("RetentionSchedule", "Deletes events and delivery logs past their retention (wa-gateway "
                + stage.name() + ")", Duration.days(1), props.functions().get(GatewayFunction.EVENTS_RETENTION),
                2, Duration.hours(1));
        alarms(props.alarms(), stage.name());
        suppressions();
    }

    private Queue.Builder encryptedQueue(String id) {
        return Queue.Builder.create(this, id).encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true);
    }

    private void schedule(String id, String description, Duration every, GatewayLambda target, int retries,
                          Duration maxEventAge) {
        Rule.Builder.create(this, id)
                .description(description)
                .schedule(Schedule.rate(every))
                .targets(List.of(new LambdaFunction(target.alias(), LambdaFunctionProps.builder()
                        .retryAttempts(retries)
                        .maxEventAge(maxEventAge)
                        .deadLetterQueue(scheduleFailures)
                        .build())))
                .build();
    }

    private void alarms(Alarms alarms, String stage) {
        MetricOptions maximum = MetricOptions.builder().period(Duration.minutes(5)).statistic("Maximum").build();
        alarms.atLeast("EventsDeadLetterAlarm", "an event message is in the event queue's dead-letter queue "
                        + "(received " + MAX_RECEIVES + " times without being handled)",
                deadLetters.metricApproximateNumberOfMessagesVisible(maximum), 1);
        alarms.atLeast("EventsOldestMessageAlarm", "an event message has waited " + OLDEST_MESSAGE_ALARM_SECONDS
                        + " s or more for dispatch-events",
                queue.metricApproximateAgeOfOldestMessage(maximum), OLDEST_MESSAGE_ALARM_SECONDS);
        alarms.atLeast("EventsDeadDeliveriesAlarm", "a delivery to a subscription died after its last retry "
                        + "(listed under GET /v1/webhooks/{id}/deliveries, replayable)",
                Metric.Builder.create().namespace(METRICS_NAMESPACE).metricName(DEAD_DELIVERIES_METRIC)
                        .dimensionsMap(Map.of("Stage", stage)).statistic("Sum").period(Duration.minutes(5)).build(), 1);
    }

    private void suppressions() {
        String deadLetterQueue = "This is the event queue's dead-letter queue: SQS moves here what dispatch-events could "
                + "not handle " + MAX_RECEIVES + " times, its alarm tells the operator; a queue of its own would only move "
                + "the same messages once more.";
        NagSuppressions.addResourceSuppressions(deadLetters, List.of(
                NagPackSuppression.builder().id("AwsSolutions-SQS3").reason(deadLetterQueue).build(),
                NagPackSuppression.builder().id("Serverless-SQSRedrivePolicy").reason(deadLetterQueue).build()), true);
    }

    public IQueue queue() {
        return queue;
    }

    public IQueue deadLetters() {
        return deadLetters;
    }

}
