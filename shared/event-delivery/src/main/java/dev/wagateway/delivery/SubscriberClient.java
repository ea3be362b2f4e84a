package dev.wagateway.delivery;

import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * POSTs one delivery to a subscriber: connect within 3 s, the whole answer within 10 s (a hard
 * deadline, not only between bytes), no redirects followed (a 3xx is a failure, and never a way
 * into the VPC), no retries here (the {@link RetrySchedule} decides). Every connection resolves its
 * host through the {@link AddressGuard}, so it uses only addresses that were checked.
 */
@Singleton
public class SubscriberClient {

    static final int EXCERPT_BYTES = 1024;
    static final String USER_AGENT = "wa-gateway-webhooks/1.0";

    /** What one attempt got: a status code, or the error that stopped it. */
    public record Answer(@Nullable Integer statusCode, long durationMs, @Nullable String error,
                         @Nullable String excerpt, @Nullable Duration retryAfter, boolean refusedAddress) {
        public boolean succeeded() {
            return statusCode != null && statusCode >= 200 && statusCode < 300;
        }
    }

    private final AddressGuard guard;
    private final Duration deadline;
    private final CloseableHttpClient client;
    private final ScheduledExecutorService timer;

    public SubscriberClient(AddressGuard guard, DeliverySettings settings) {
        this.guard = guard;
        this.deadline = settings.connectTimeout().plus(settings.answerTimeout());
        PoolingHttpClientConnectionManager connections = PoolingHttpClientConnectionManagerBuilder.create()
                .setDnsResolver(new GuardedResolver(guard))
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(settings.connectTimeout()))
                        .setSocketTimeout(Timeout.of(settings.answerTimeout()))
                        .build())
                .setMaxConnTotal(Math.max(16, settings.parallelAttempts() * 2))
                .setMaxConnPerRoute(Math.max(4, settings.parallelAttempts()))
                .build();
        this.client = HttpClients.custom()
                .setConnectionManager(connections)
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(Timeout.of(settings.answerTimeout())).build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .setUserAgent(USER_AGENT)
                .build();
        this.timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "subscriber-deadlines");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** One attempt; never throws. */
    public Answer post(String url, Map<String, String> headers, String body) {
        long start = System.nanoTime();
        URI uri;
        try {
            uri = guard.parse(url);
        } catch (AddressGuard.Refused e) {
            return new Answer(null, 0, "url " + e.getMessage(), null, null, true);
        }
        HttpPost post = new HttpPost(uri);
        headers.forEach(post::setHeader);
        post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
        ScheduledFuture<?> cutOff = timer.schedule(post::cancel, deadline.toMillis(), TimeUnit.MILLISECONDS);
        try {
            return client.execute(post, response -> {
                HttpEntity entity = response.getEntity();
                String excerpt = entity == null ? null : excerpt(entity);
                return new Answer(response.getCode(), elapsed(start), null, excerpt, retryAfter(response.getFirstHeader("Retry-After")), false);
            });
        } catch (RefusedAddress e) {
            return new Answer(null, elapsed(start), "url " + e.getMessage(), null, null, true);
        } catch (SocketTimeoutException e) {
            return new Answer(null, elapsed(start), "timed out: " + e.getMessage(), null, null, false);
        } catch (IOException | RuntimeException e) {
            String error = post.isCancelled() ? "no complete answer within " + deadline.toSeconds() + " s" : describe(e);
            return new Answer(null, elapsed(start), error, null, null, false);
        } finally {
            cutOff.cancel(false);
        }
    }

    private static String excerpt(HttpEntity entity) throws IOException {
        try (InputStream in = entity.getContent()) {
            byte[] first = in.readNBytes(EXCERPT_BYTES);
            // The rest is read (up to a bound) so that the connection can serve the next delivery.
            long skipped = 0;
            while (skipped < 64 * 1024 && in.read() >= 0) {
                skipped++;
            }
            return new String(first, StandardCharsets.UTF_8);
        }
    }

    static @Nullable Duration retryAfter(@Nullable Header header) {
        if (header == null || header.getValue() == null) {
            return null;
        }
        String value = header.getValue().strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(value)));
        } catch (NumberFormatException e) {
            try {
                Duration until = Duration.between(java.time.Instant.now(),
                        ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (RuntimeException unreadable) {
                return null;
            }
        }
    }

    private static String describe(Throwable e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static long elapsed(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    @PreDestroy
    void close() throws IOException {
        timer.shutdownNow();
        client.close();
    }

    /** The connection's address lookup: only addresses the guard allows. */
    private record GuardedResolver(AddressGuard guard) implements DnsResolver {
        @Override
        public InetAddress[] resolve(String host) throws UnknownHostException {
            try {
                return guard.resolve(host).toArray(InetAddress[]::new);
            } catch (AddressGuard.Refused e) {
                throw new RefusedAddress(e.getMessage());
            }
        }

        @Override
        public String resolveCanonicalHostname(String host) throws UnknownHostException {
            return resolve(host)[0].getCanonicalHostName();
        }
    }

    /** An UnknownHostException, so that the client gives up on the connection at once. */
    static final class RefusedAddress extends UnknownHostException {
        RefusedAddress(String message) {
            super(message);
        }
    }
}
