package dev.wagateway.localsqs;

import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.GetQueueAttributesRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * ElasticMQ, an SQS-compatible server running in this JVM, on a loopback port, with the event queue
 * and its dead-letter queue made as the infra makes them (redrive after a few receives). The product
 * reaches it with the same AWS SDK {@link SqsClient} as in AWS, only the endpoint differs. For tests
 * and the local run; never in a Lambda jar.
 */
public final class LocalSqs implements AutoCloseable {

    public static final String QUEUE = "wa-gateway-events";
    static final int MAX_RECEIVES = 5;

    private final SQSRestServer server;
    private final URI endpoint;
    private final SqsClient client;
    private final String queueUrl;
    private final String deadLetterQueueUrl;

    private LocalSqs(SQSRestServer server, URI endpoint, SqsClient client, String queueUrl, String deadLetterQueueUrl) {
        this.server = server;
        this.endpoint = endpoint;
        this.client = client;
        this.queueUrl = queueUrl;
        this.deadLetterQueueUrl = deadLetterQueueUrl;
    }

    /** On a free loopback port. */
    public static LocalSqs start() {
        return start(0);
    }

    /**
     * @param port the port, 0 for any free one
     * @param visibilityTimeoutSeconds how long a received message stays hidden before SQS hands it out again
     */
    public static LocalSqs start(int port, int visibilityTimeoutSeconds) {
        SQSRestServer server = (port == 0 ? SQSRestServerBuilder.withDynamicPort() : SQSRestServerBuilder.withPort(port))
                .withInterface("127.0.0.1").start();
        try {
            int bound = server.waitUntilStarted().localAddress().getPort();
            URI endpoint = URI.create("http://127.0.0.1:" + bound);
            SqsClient client = client(endpoint);
            String[] urls = createWithDeadLetters(client, QUEUE, visibilityTimeoutSeconds);
            return new LocalSqs(server, endpoint, client, urls[0], urls[1]);
        } catch (RuntimeException e) {
            server.stopAndWait();
            throw e;
        }
    }

    /** A queue and its dead-letter queue ({@code name-dlq}, after {@link #MAX_RECEIVES} receives), as the infra makes them. */
    private static String[] createWithDeadLetters(SqsClient client, String name, int visibilityTimeoutSeconds) {
        String dlq = client.createQueue(CreateQueueRequest.builder().queueName(name + "-dlq").build()).queueUrl();
        String dlqArn = client.getQueueAttributes(GetQueueAttributesRequest.builder().queueUrl(dlq)
                .attributeNames(QueueAttributeName.QUEUE_ARN).build()).attributes().get(QueueAttributeName.QUEUE_ARN);
        Map<QueueAttributeName, String> attributes = new HashMap<>();
        attributes.put(QueueAttributeName.VISIBILITY_TIMEOUT, String.valueOf(visibilityTimeoutSeconds));
        attributes.put(QueueAttributeName.REDRIVE_POLICY,
                "{\"maxReceiveCount\":\"" + MAX_RECEIVES + "\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}");
        String queue = client.createQueue(CreateQueueRequest.builder().queueName(name).attributes(attributes).build()).queueUrl();
        return new String[] {queue, dlq};
    }

    /**
     * The queue of one of the product's consumers of the events pipeline ({@code wa-gateway-<name>}, with
     * its dead-letter queue), and the properties that make the dispatcher forward {@code types} to it
     * ({@code events.consumers.<name>.*}). Idempotent: the same name answers the same queue.
     */
    public Map<String, String> consumer(String name, String... types) {
        String url = createWithDeadLetters(client, "wa-gateway-" + name, 30)[0];
        return Map.of("events.consumers." + name + ".queue-url", url,
                "events.consumers." + name + ".types", String.join(",", types));
    }

    public static LocalSqs start(int port) {
        return start(port, 30);
    }

    /** A client of this server, as the product builds one (static dummy credentials: ElasticMQ checks none). */
    public static SqsClient client(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.builder().build()).build();
    }

    public URI endpoint() {
        return endpoint;
    }

    public String queueUrl() {
        return queueUrl;
    }

    public String deadLetterQueueUrl() {
        return deadLetterQueueUrl;
    }

    public SqsClient client() {
        return client;
    }

    /** What the product's SQS settings are here ({@code events.queue.*}). */
    public Map<String, String> properties() {
        return Map.of("events.queue.url", queueUrl, "events.queue.endpoint", endpoint.toString(),
                "events.queue.region", Region.US_EAST_1.id());
    }

    @Override
    public void close() {
        client.close();
        server.stopAndWait();
    }
}
