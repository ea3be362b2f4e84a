package dev.wagateway.infra;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.IQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.constructs.Construct;

import java.util.List;

/**
 * One of the product's own consumers of the events pipeline (the media job, the automation worker): its queue and
 * dead-letter queue (encrypted, TLS only), the consumer behind the queue (batches of 10, partial batch failures), and
 * dispatch-events allowed to send to it and told its URL ({@code <NAME>_QUEUE_URL}, read by dispatch-events'
 * {@code events.consumers.<name>}), with an alarm on the dead letters.
 */
public final class EventConsumerQueue extends Construct {

    /**
     * @param name       the consumer's name in {@code events.consumers} (media, automation)
     * @param consumer   the function that takes the queue's batches
     * @param dispatcher dispatch-events, whose fan-out forwards the events
     * @param alarms     the stack's alarms
     */
    public record Props(String name, FunctionSize consumerSize, GatewayLambda consumer, GatewayLambda dispatcher,
                        Alarms alarms) {
    }

    private final Queue queue;

    public EventConsumerQueue(Construct scope, String id, Props props) {
        super(scope, id);
        Queue deadLetters = Queue.Builder.create(this, "DeadLetters").encryption(QueueEncryption.SQS_MANAGED)
                .enforceSsl(true).retentionPeriod(Duration.days(14)).build();
        queue = Queue.Builder.create(this, "Queue").encryption(QueueEncryption.SQS_MANAGED).enforceSsl(true)
                // Six times the consumer's timeout, SQS's advice for a Lambda source (as the event queue's).
                .visibilityTimeout(Duration.seconds(6L * props.consumerSize().timeoutSeconds()))
                // The events stay in the database: a message lost to retention is forwarded again when swept.
                .retentionPeriod(Duration.days(4))
                .deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(EventsPipeline.MAX_RECEIVES).build())
                .build();
        Alias consumer = props.consumer().alias();
        consumer.addEventSource(SqsEventSource.Builder.create(queue)
                .batchSize(EventsPipeline.BATCH_SIZE)
                .reportBatchItemFailures(true)
                .maxConcurrency(Math.max(2, props.consumerSize().reservedConcurrency()))
                .build());
        props.dispatcher().lambda().addEnvironment(queueUrlVariable(props.name()), queue.getQueueUrl());
        queue.grant(props.dispatcher().role(), "sqs:SendMessage");

        props.alarms().atLeast(id + "DeadLetterAlarm", "an event is in the " + props.name()
                        + " consumer's dead-letter queue (received " + EventsPipeline.MAX_RECEIVES + " times without being handled)",
                deadLetters.metricApproximateNumberOfMessagesVisible(MetricOptions.builder().period(Duration.minutes(5))
                        .statistic("Maximum").build()), 1);
        String why = "This is the " + props.name() + " consumer's dead-letter queue: SQS moves here what it could not handle "
                + EventsPipeline.MAX_RECEIVES + " times, and its alarm tells the operator.";
        NagSuppressions.addResourceSuppressions(deadLetters, List.of(
                NagPackSuppression.builder().id("AwsSolutions-SQS3").reason(why).build(),
                NagPackSuppression.builder().id("Serverless-SQSRedrivePolicy").reason(why).build()), true);
        NagSuppressions.addResourceSuppressions(consumer, List.of(NagPackSuppression.builder()
                .id("Serverless-LambdaEventSourceMappingDestination")
                .reason("An SQS event source mapping takes no on-failure destination (those are for streams): a message "
                        + "that fails " + EventsPipeline.MAX_RECEIVES + " receives moves to the queue's dead-letter queue, which is alarmed.")
                .build()), true);
    }

    /** dispatch-events' variable for this consumer's queue (its application.properties reads it). */
    public static String queueUrlVariable(String name) {
        return name.toUpperCase(java.util.Locale.ROOT) + "_QUEUE_URL";
    }

    public IQueue queue() {
        return queue;
    }
}
