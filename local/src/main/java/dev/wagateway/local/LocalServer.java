package dev.wagateway.local;

import dev.wagateway.delivery.Sweeper;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.automationworker.AutomationHandler;
import dev.wagateway.dispatch.DispatchHandler;
import dev.wagateway.dispatch.StatsFold;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.lambdaevents.LambdaEvents;
import dev.wagateway.localsqs.LocalEventSource;
import dev.wagateway.localsqs.LocalSqs;
import dev.wagateway.locals3.LocalS3;
import dev.wagateway.mediajobs.MediaJobHandler;
import dev.wagateway.mediajobs.MediaRetrySweep;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Every HTTP function (send-message, receive-webhook, upsert-contact, list-templates,
 * manage-webhooks, media) in one Micronaut context on Netty: their controllers and filters as deployed, over
 * one database. Events go through SQS as in AWS: ElasticMQ on loopback, dispatch-events's handler fed
 * by an event source like Lambda's, and the sweeper every few seconds; the media job on its own consumer
 * queue, its files in S3Proxy (the media bucket) on loopback. The Graph API is the fake on
 * loopback unless Meta's is asked for; a quickstart receiver prints what subscriptions push to it.
 */
public final class LocalServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalServer.class);
    /** How often the local sweeper runs (every minute in AWS). */
    static final long SWEEP_SECONDS = 10;

    /** What the functions are given to call the fake Graph API with. */
    static final String FAKE_ACCESS_TOKEN = "local-fake-graph-token";
    static final String FAKE_BUSINESS_ACCOUNT_ID = "102290129340398";
    static final String FAKE_PHONE_NUMBER_ID = "106540352242922";
    /** The media bucket in S3Proxy. */
    static final String MEDIA_BUCKET = "wa-gateway-media";

    /**
     * @param database   a migrated database
     * @param port       the HTTP port
     * @param metaGraph  whether to call Meta's Graph API (token and ids from the environment) instead of the fake
     * @param apiKeyFile where the local API key is kept between runs
     */
    public record Options(DatabaseCoordinates database, int port, boolean metaGraph, Path apiKeyFile) {
    }

    private final FakeGraphApi fake;
    private final ApplicationContext context;
    private final String apiKey;
    private final LocalSqs sqs;
    private final LocalEventSource dispatcher;
    private final LocalEventSource automation;
    private final ScheduledExecutorService sweeper;
    private final QuickstartReceiver receiver;
    private final LocalS3 s3;
    private final LocalEventSource mediaJob;

    private LocalServer(FakeGraphApi fake, ApplicationContext context, String apiKey, LocalSqs sqs, QuickstartReceiver receiver,
                        LocalS3 s3, String mediaQueueUrl) {
        this.fake = fake;
        this.context = context;
        this.apiKey = apiKey;
        this.sqs = sqs;
        this.receiver = receiver;
        this.s3 = s3;
        DispatchHandler handler = new DispatchHandler(context);
        this.dispatcher = new LocalEventSource(sqs.client(), sqs.queueUrl(), event -> handler.handleRequest(event, LambdaEvents.context()), 2);
        // The automation worker's queue, as its event source mapping feeds it in AWS.
        AutomationHandler automationHandler = new AutomationHandler(context);
        this.automation = new LocalEventSource(sqs.client(), context.getRequiredProperty("events.consumers.automation.queue-url", String.class),
                event -> automationHandler.handleRequest(event, LambdaEvents.context()), 1);
        // The media job on its consumer queue, as its event source mapping runs it in AWS.
        MediaJobHandler media = new MediaJobHandler(context);
        this.mediaJob = new LocalEventSource(sqs.client(), mediaQueueUrl, event -> media.handleRequest(event, LambdaEvents.context()), 1);
        MediaRetrySweep mediaRetries = context.getBean(MediaRetrySweep.class);
        this.sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> Thread.ofPlatform().daemon().name("local-sweeper").unstarted(runnable));
        Sweeper sweep = context.getBean(Sweeper.class);
        StatsFold statsFold = context.getBean(StatsFold.class);
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                sweep.sweep();
                // As the events sweep does in AWS: the message stats' changes folded into their counts.
                statsFold.run();
                mediaRetries.run(java.time.Instant.now());
            } catch (RuntimeException e) {
                LOG.warn("Local sweep failed: {}", e.toString());
            }
        }, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
    }

    /** Starts it; a port already taken is a {@link PortInUseException}. */
    public static LocalServer start(Options options) {
        FakeGraphApi fake = options.metaGraph() ? null : new FakeGraphApi(FAKE_ACCESS_TOKEN);
        if (fake != null) {
            // wamids are unique in the database, which outlives this fake: never start where the last run did.
            fake.wamidsFrom(System.currentTimeMillis() * 1000);
        }
        ApplicationContext context = null;
        LocalSqs sqs = null;
        QuickstartReceiver receiver = null;
        LocalS3 s3 = null;
        try {
            sqs = LocalSqs.start();
            receiver = new QuickstartReceiver(System.out);
            // The media bucket keeps its files beside the API key, so they outlive the run like the database.
            s3 = LocalS3.start(options.apiKeyFile().toAbsolutePath().getParent().resolve("media")).bucket(MEDIA_BUCKET);
            Map<String, Object> properties = properties(options, fake);
            properties.putAll(sqs.properties());
            // A server outlives its answers: committed events go to SQS from a background sender, not before the answer.
            properties.put("events.queue.background", "true");
            properties.putAll(sqs.consumer("automation", "message.received"));
            Map<String, String> mediaConsumer = sqs.consumer("media", "message.received");
            properties.putAll(mediaConsumer);
            properties.put("media.storage.bucket", MEDIA_BUCKET);
            properties.put("media.storage.endpoint", s3.endpoint().toString());
            properties.put("media.storage.access-key-id", LocalS3.ACCESS_KEY);
            properties.put("media.storage.secret-access-key", LocalS3.SECRET_KEY);
            context = ApplicationContext.builder().properties(properties).start();
            try {
                context.getBean(EmbeddedServer.class).start();
            } catch (RuntimeException e) {
                throw causedByBind(e) ? new PortInUseException(options.port()) : e;
            }
            return new LocalServer(fake, context, LocalApiKey.ensure(context, options.apiKeyFile()), sqs, receiver, s3,
                    mediaConsumer.get("events.consumers.media.queue-url"));
        } catch (RuntimeException | IOException e) {
            if (context != null) {
                context.close();
            }
            if (receiver != null) {
                receiver.close();
            }
            if (sqs != null) {
                sqs.close();
            }
            if (s3 != null) {
                s3.close();
            }
            if (fake != null) {
                fake.close();
            }
            throw e instanceof RuntimeException runtime ? runtime : new java.io.UncheckedIOException((IOException) e);
        }
    }

    private static Map<String, Object> properties(Options options, FakeGraphApi fake) {
        Map<String, Object> properties = new HashMap<>(options.database().datasourceProperties());
        properties.put("micronaut.server.port", options.port());
        // API Gateway (HTTP API) takes a request line and headers of up to 10240 bytes in all and hands them to the
        // function; Netty's defaults (4096 for the line) answered a longer query here with a 413 no route documents.
        properties.put("micronaut.server.netty.max-initial-line-length", 10240);
        properties.put("micronaut.server.netty.max-header-size", 10240);
        // Subscriptions to loopback http:// receivers are this machine's own; in AWS both are refused.
        properties.put("events.delivery.allow-plain-http", true);
        properties.put("events.delivery.allow-private-addresses", true);
        // The database out of reach answers 503 within 2 s here as in AWS (throw-away test databases wait longer).
        properties.put("datasources.default.connection-timeout", "1000");
        // A WHATSAPP_SECRET_ARN left in the shell must not send the local run to AWS.
        properties.put("whatsapp.secret-arn", "");
        if (fake != null) {
            properties.put("whatsapp.graph.base-url", fake.baseUrl());
            properties.put("whatsapp.access-token", FAKE_ACCESS_TOKEN);
            properties.put("whatsapp.business-account-id", FAKE_BUSINESS_ACCOUNT_ID);
            properties.put("whatsapp.phone-number-id", FAKE_PHONE_NUMBER_ID);
            properties.put("whatsapp.phone-number-ids", "");
        }
        return properties;
    }

    /** Fails fast, before anything else starts, when something listens on the port already. */
    public static void requireFreePort(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new PortInUseException(port);
        }
    }

    private static boolean causedByBind(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    /** Where the functions answer, e.g. {@code http://127.0.0.1:8080}. */
    public String url() {
        return "http://127.0.0.1:" + context.getBean(EmbeddedServer.class).getPort();
    }

    /** The local API key (every scope). */
    public String apiKey() {
        return apiKey;
    }

    /** The fake Graph API, when it is the one in use. */
    public Optional<FakeGraphApi> fakeGraphApi() {
        return Optional.ofNullable(fake);
    }

    public String graphBaseUrl() {
        return property("whatsapp.graph.base-url");
    }

    public String verifyToken() {
        return property("whatsapp.webhook.verify-token");
    }

    public String appSecret() {
        return property("whatsapp.webhook.app-secret");
    }

    /** The business number sends go through ({@code null} when Meta's is in use and none is set). */
    public String phoneNumberId() {
        String id = context.getProperty("whatsapp.phone-number-id", String.class).orElse("");
        return id.isBlank() ? null : id;
    }

    public String businessAccountId() {
        String id = context.getProperty("whatsapp.business-account-id", String.class).orElse("");
        return id.isBlank() ? null : id;
    }

    private String property(String name) {
        return context.getRequiredProperty(name, String.class);
    }

    /** The URL of the receiver the quickstart subscribes. */
    public String receiverUrl() {
        return receiver.url();
    }

    /** What the quickstart receiver got so far. */
    List<QuickstartReceiver.Received> received() {
        return receiver.received();
    }

    /** The local media bucket (S3Proxy). */
    public LocalS3 s3() {
        return s3;
    }

    /** The local event queue (ElasticMQ). */
    public LocalSqs sqs() {
        return sqs;
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
        dispatcher.close();
        automation.close();
        mediaJob.close();
        context.close();
        receiver.close();
        sqs.close();
        s3.close();
        if (fake != null) {
            fake.close();
        }
    }

    /** The HTTP port is taken: said plainly, with what to do. */
    public static final class PortInUseException extends RuntimeException {
        PortInUseException(int port) {
            super("Port " + port + " is already in use (another scripts/run?). Stop what listens there, or choose another port: "
                    + "scripts/run --port " + (port + 1) + " (or PORT=" + (port + 1) + ")");
        }
    }
}
