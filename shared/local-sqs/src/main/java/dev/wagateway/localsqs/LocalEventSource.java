package dev.wagateway.localsqs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequest;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What Lambda's SQS event source mapping does, in this JVM: long-polls the queue, hands each batch
 * to the handler as an {@link SQSEvent}, and deletes the messages the handler did not report as
 * failed ({@code ReportBatchItemFailures}); failed ones come back after the visibility timeout.
 * Several pollers may run at once, as Lambda runs several instances.
 */
public final class LocalEventSource implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalEventSource.class);

    private final SqsClient client;
    private final String queueUrl;
    private final Function<SQSEvent, SQSBatchResponse> handler;
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;

    /**
     * @param pollers how many batches may be handled at once
     */
    public LocalEventSource(SqsClient client, String queueUrl, Function<SQSEvent, SQSBatchResponse> handler, int pollers) {
        this.client = client;
        this.queueUrl = queueUrl;
        this.handler = handler;
        for (int i = 0; i < pollers; i++) {
            Thread thread = Thread.ofPlatform().daemon().name("local-event-source-" + i).start(this::poll);
            this.pollers.add(thread);
        }
    }

    private void poll() {
        while (running) {
            try {
                List<Message> messages = client.receiveMessage(ReceiveMessageRequest.builder().queueUrl(queueUrl)
                        .maxNumberOfMessages(10).waitTimeSeconds(1)
                        .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT).build()).messages();
                if (messages.isEmpty() || !running) {
                    continue;
                }
                SQSBatchResponse response = handler.apply(event(messages));
                Set<String> failed = new HashSet<>();
                if (response != null && response.getBatchItemFailures() != null) {
                    response.getBatchItemFailures().forEach(f -> failed.add(f.getItemIdentifier()));
                }
                List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
                for (Message message : messages) {
                    if (!failed.contains(message.messageId())) {
                        done.add(DeleteMessageBatchRequestEntry.builder().id(String.valueOf(done.size()))
                                .receiptHandle(message.receiptHandle()).build());
                    }
                }
                if (!done.isEmpty()) {
                    client.deleteMessageBatch(DeleteMessageBatchRequest.builder().queueUrl(queueUrl).entries(done).build());
                }
            } catch (RuntimeException e) {
                if (running) {
                    // As in Lambda: a handler that throws fails the whole batch, which SQS hands out again.
                    LOG.warn("Event source batch failed: {}", e.toString());
                    sleepQuietly();
                }
            }
        }
    }

    private static SQSEvent event(List<Message> messages) {
        List<SQSEvent.SQSMessage> records = new ArrayList<>();
        for (Message message : messages) {
            SQSEvent.SQSMessage record = new SQSEvent.SQSMessage();
            record.setMessageId(message.messageId());
            record.setReceiptHandle(message.receiptHandle());
            record.setBody(message.body());
            record.setEventSource("aws:sqs");
            Map<String, String> attributes = new HashMap<>();
            message.attributes().forEach((k, v) -> attributes.put(k.toString(), v));
            record.setAttributes(attributes);
            records.add(record);
        }
        SQSEvent event = new SQSEvent();
        event.setRecords(records);
        return event;
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops polling; a batch being handled finishes (or is abandoned with its messages, which SQS hands out again). */
    @Override
    public void close() {
        running = false;
        for (Thread thread : pollers) {
            try {
                thread.join(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
