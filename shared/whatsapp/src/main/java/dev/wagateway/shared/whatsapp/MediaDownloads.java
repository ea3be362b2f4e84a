package dev.wagateway.shared.whatsapp;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.client.HttpClientRegistry;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;

/**
 * Downloads a media file from the URL {@code GET /{media-id}} gave, streamed: the caller reads the body
 * as it arrives, so a 100 MB document never sits in memory. The access token goes only to the Graph
 * API's own host and to Meta's download hosts ({@code whatsapp.media.download-hosts}), over HTTPS (plain
 * HTTP only to loopback, for the fake Graph API).
 */
@Singleton
@Requires(beans = HttpClientRegistry.class)
public class MediaDownloads {

    /**
     * {@code whatsapp.media.*}.
     *
     * @param downloadHosts the hosts Meta's media URLs point at (default {@code lookaside.fbsbx.com})
     * @param readTimeout   how long a download may wait for its answer to start
     */
    @ConfigurationProperties("whatsapp.media")
    public record Settings(List<String> downloadHosts, Duration readTimeout) {
    }

    /** A download under way: read {@link #body()} to the end, then close it. */
    public record Download(InputStream body, OptionalLong contentLength, @Nullable String contentType) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    /** Meta answered the download with this status: 404 is a URL that has expired (ask for a new one). */
    public static final class DownloadRefusedException extends RuntimeException {
        private final int status;

        public DownloadRefusedException(int status) {
            super("Meta's media URL answered HTTP " + status);
            this.status = status;
        }

        public int status() {
            return status;
        }

        public boolean expired() {
            return status == 404 || status == 410;
        }
    }

    private final WhatsAppSettings settings;
    private final Settings media;
    private final HttpClient http;

    public MediaDownloads(WhatsAppSettings settings, Settings media, GraphConfiguration graph) {
        this.settings = settings;
        this.media = media;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** Starts the download of {@code url}; throws {@link DownloadRefusedException} for a non-200 answer. */
    public Download open(String url) throws IOException {
        URI uri = URI.create(url);
        requireTrusted(uri);
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(media.readTimeout())
                .header("Authorization", "Bearer " + settings.accessToken())
                .GET().build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (response.statusCode() != 200) {
            response.body().close();
            throw new DownloadRefusedException(response.statusCode());
        }
        return new Download(response.body(), response.headers().firstValueAsLong("Content-Length"),
                response.headers().firstValue("Content-Type").orElse(null));
    }

    private void requireTrusted(URI uri) {
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String graphHost = URI.create(settings.graphBaseUrl()).getHost();
        boolean loopback = host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
        boolean known = host.equals(graphHost) || media.downloadHosts().stream().anyMatch(h -> h.equalsIgnoreCase(host));
        boolean secure = "https".equalsIgnoreCase(uri.getScheme()) || (loopback && "http".equalsIgnoreCase(uri.getScheme()));
        if (!known || !secure) {
            // The token must not go to a host Meta did not name.
            throw new IllegalArgumentException("a media URL on " + uri.getScheme() + "://" + host
                    + ", which is not a Meta download host (whatsapp.media.download-hosts)");
        }
    }
}
