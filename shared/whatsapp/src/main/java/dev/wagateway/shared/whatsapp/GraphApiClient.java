package dev.wagateway.shared.whatsapp;

import dev.wagateway.shared.lambda.CurrentLambdaContextFactory;
import dev.wagateway.shared.snapstart.PrimingScope;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.HttpClientRegistry;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientException;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.http.uri.UriBuilder;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Meta's Graph API, through Micronaut's HTTP client ({@code micronaut.http.services.graph-api}:
 * timeouts from {@code whatsapp.graph.*}; requests name the full URL because the client drops the
 * base URL's path, which holds the API version). Network errors, 5xx and 130429 are retried
 * within the {@link RetryPolicy} and inside what the Lambda invocation has left; Meta's error
 * bodies become {@link GraphApiException}s.
 * The access token travels only in the {@code Authorization} header of requests to the configured base.
 *
 * <p>Only in functions that ship an HTTP client (send-message, list-templates): the others leave it out of
 * their jars, and Lambda's handlers create every singleton at init, so without this condition they would
 * fail to start.
 */
@Singleton
@Requires(beans = HttpClientRegistry.class)
public class GraphApiClient {

    /** The template fields a sync needs. */
    public static final String TEMPLATE_FIELDS = "id,name,language,status,category,components,parameter_format";

    private static final Logger LOG = LoggerFactory.getLogger(GraphApiClient.class);
    private static final Argument<Map<String, Object>> JSON_OBJECT = Argument.mapOf(String.class, Object.class);

    // A retry must leave this much of the invocation for recording the outcome and answering.
    private static final Duration LAMBDA_RESERVE = Duration.ofSeconds(2);

    private final HttpClient http;
    private final JsonMapper json;
    private final WhatsAppSettings settings;
    private final CurrentLambdaContextFactory lambda;

    public GraphApiClient(@Client(id = "graph-api") HttpClient http, JsonMapper json, WhatsAppSettings settings,
                          CurrentLambdaContextFactory lambda) {
        this.http = http;
        this.json = json;
        this.settings = settings;
        this.lambda = lambda;
    }

    /**
     * One page of a WhatsApp Business Account's templates.
     *
     * @param data  the templates as Meta gives them
     * @param after the cursor of the next page; null on the last page
     */
    public record TemplatePage(List<Map<String, Object>> data, @Nullable String after) {
    }

    /** {@code GET /{waba-id}/message_templates}, the page after {@code after} (null: the first). */
    @SuppressWarnings("unchecked")
    public TemplatePage messageTemplates(String wabaId, @Nullable String after, int limit) {
        UriBuilder uri = UriBuilder.of(base() + "/" + wabaId + "/message_templates")
                .queryParam("fields", TEMPLATE_FIELDS)
                .queryParam("limit", limit);
        if (after != null) {
            uri.queryParam("after", after);
        }
        String path = uri.toString();
        Map<String, Object> page = call("list templates", () -> HttpRequest.GET(path));
        List<Map<String, Object>> data = page.get("data") instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
        // Meta's paging.next repeats our request with the token on its own host; only the cursor is taken
        // from it, so the token never goes anywhere but the configured base.
        String next = null;
        if (page.get("paging") instanceof Map<?, ?> paging && paging.get("next") != null
                && paging.get("cursors") instanceof Map<?, ?> cursors && cursors.get("after") instanceof String cursor) {
            next = cursor;
        }
        return new TemplatePage(data, next);
    }

    /**
     * What Meta answers to a template created: its id, review status (usually {@code PENDING}) and the
     * category it settled on (Meta may change the one asked for).
     */
    public record CreatedTemplate(String id, @Nullable String status, @Nullable String category) {
    }

    /**
     * {@code POST /{waba-id}/message_templates} with {@code name}, {@code language}, {@code category},
     * {@code components} (and {@code parameter_format}) in Meta's shape. Not retried on a 5xx: Meta may have
     * made it, and a second create would be refused as a duplicate.
     */
    public CreatedTemplate createMessageTemplate(String wabaId, Map<String, Object> template) {
        String body = write(template);
        Map<String, Object> answer = callOnce("create template", () -> HttpRequest.POST(
                base() + "/" + wabaId + "/message_templates", body).contentType(MediaType.APPLICATION_JSON_TYPE));
        if (!(answer.get("id") instanceof String id) || id.isBlank()) {
            throw new GraphApiException(200, 0, null, "the answer to a template create holds no id", null, null, null);
        }
        return new CreatedTemplate(id, string(answer.get("status")), string(answer.get("category")));
    }

    /**
     * {@code DELETE /{waba-id}/message_templates?name=} (every language of the name), or with {@code hsm_id}
     * (Meta's template id) only that one language's template.
     */
    public void deleteMessageTemplate(String wabaId, String name, @Nullable String hsmId) {
        UriBuilder uri = UriBuilder.of(base() + "/" + wabaId + "/message_templates").queryParam("name", name);
        if (hsmId != null) {
            uri.queryParam("hsm_id", hsmId);
        }
        String path = uri.toString();
        Map<String, Object> answer = call("delete template", () -> HttpRequest.DELETE(path));
        if (!Boolean.TRUE.equals(answer.get("success"))) {
            throw new GraphApiException(200, 0, null, "the answer to a template delete is not success", null, null, null);
        }
    }

    /** {@code POST /{phone-number-id}/messages} with a body in Meta's shape; answers the wamid. */
    @SuppressWarnings("unchecked")
    public String sendMessage(String phoneNumberId, Map<String, Object> message) {
        String body = write(message);
        Map<String, Object> answer = call("send message", () -> HttpRequest.POST(base() + "/" + phoneNumberId + "/messages", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE));
        if (answer.get("messages") instanceof List<?> messages && !messages.isEmpty()
                && messages.getFirst() instanceof Map<?, ?> first && first.get("id") instanceof String wamid) {
            return wamid;
        }
        throw new GraphApiException(200, 0, null, "the answer to a send holds no message id", null, null, null);
    }

    /**
     * Marks an inbound message read at Meta ({@code POST /{phone-number-id}/messages} with {@code status: read}),
     * and with {@code typing} shows the user the typing indicator (Meta dismisses it at the next message or
     * after 25 seconds). Meta answers {@code {"success": true}}.
     */
    public void markRead(String phoneNumberId, String wamid, boolean typing) {
        Map<String, Object> message = new java.util.LinkedHashMap<>();
        message.put("messaging_product", "whatsapp");
        message.put("status", "read");
        message.put("message_id", wamid);
        if (typing) {
            message.put("typing_indicator", Map.of("type", "text"));
        }
        String body = write(message);
        Map<String, Object> answer = call("mark read", () -> HttpRequest.POST(base() + "/" + phoneNumberId + "/messages", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE));
        if (!Boolean.TRUE.equals(answer.get("success"))) {
            throw new GraphApiException(200, 0, null, "the answer to a read receipt is not a success", null, null, null);
        }
    }

    /** {@code GET /{media-id}}: the file's download URL (valid minutes), type, sha256 and size. */
    public MediaInfo mediaInfo(String mediaId) {
        Map<String, Object> answer = call("look up media", () -> HttpRequest.GET(base() + "/" + mediaId));
        if (!(answer.get("url") instanceof String url) || url.isBlank()) {
            throw new GraphApiException(200, 0, null, "the answer to a media lookup holds no url", null, null, null);
        }
        Long size = switch (answer.get("file_size")) {
            case Number n -> n.longValue();
            case String s when s.matches("[0-9]{1,18}") -> Long.parseLong(s);
            case null, default -> null;
        };
        return new MediaInfo(mediaId, url, string(answer.get("mime_type")), string(answer.get("sha256")), size);
    }

    /**
     * {@code POST /{phone-number-id}/media} ({@code multipart/form-data}): Meta keeps the file (30 days) and
     * answers its media id, which a send may name.
     */
    public String uploadMedia(String phoneNumberId, String mimeType, String fileName, byte[] content) {
        String boundary = "wa-gateway-" + java.util.UUID.randomUUID();
        byte[] body = multipart(boundary, mimeType, fileName, content);
        Map<String, Object> answer = call("upload media", () -> HttpRequest.POST(base() + "/" + phoneNumberId + "/media", body)
                .contentType(MediaType.of(MediaType.MULTIPART_FORM_DATA + "; boundary=" + boundary)));
        if (answer.get("id") instanceof String id && !id.isBlank()) {
            return id;
        }
        throw new GraphApiException(200, 0, null, "the answer to an upload holds no media id", null, null, null);
    }

    /**
     * The upload's {@code multipart/form-data} body (RFC 7578), written here because the JDK's client under
     * Micronaut's API sends no {@code MultipartBody} ("not yet supported"), and the Netty client it replaced
     * costs every jar that calls Meta about 4 MB and its event loop at init (issue 18). The boundary is random,
     * so no file can hold it by chance; a quote or line break in the file name is percent-encoded, as browsers do.
     */
    static byte[] multipart(String boundary, String mimeType, String fileName, byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(content.length + 512);
        String name = fileName.replace("\"", "%22").replace("\r", "%0D").replace("\n", "%0A");
        String type = mimeType.replace("\r", "").replace("\n", "");
        String head = "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"messaging_product\"\r\n\r\nwhatsapp\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"type\"\r\n\r\n" + type + "\r\n"
                + "--" + boundary + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + name + "\"\r\n"
                + "Content-Type: " + type + "\r\n\r\n";
        out.writeBytes(head.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    /**
     * Before a SnapStart snapshot ({@link GraphApiPriming}): one send's exchange through this client's own HTTP
     * client and JSON reading, against an answer on loopback at {@code loopbackBase}, never Meta's host, and with a
     * made-up token (the real one goes to the configured base only). Answers the made-up wamid.
     */
    String primeSend(String loopbackBase) {
        String body = write(Map.of("messaging_product", "whatsapp", "to", "+10000000000", "type", "text",
                "text", Map.of("body", "priming")));
        HttpResponse<String> response = http.toBlocking().exchange(HttpRequest.POST(loopbackBase + "/priming/messages", body)
                .contentType(MediaType.APPLICATION_JSON_TYPE).bearerAuth("priming").accept(MediaType.APPLICATION_JSON_TYPE), String.class);
        Map<String, Object> answer = read(response.body(), response.code());
        return answer.get("messages") instanceof List<?> messages && !messages.isEmpty()
                && messages.getFirst() instanceof Map<?, ?> first ? String.valueOf(first.get("id")) : null;
    }

    private Map<String, Object> call(String operation, Supplier<MutableHttpRequest<?>> request) {
        return call(operation, request, true);
    }

    /** Meta's Graph API; during a SnapStart priming request ({@link PrimingScope}), the loopback server answering for it. */
    private String base() {
        return PrimingScope.current().map(scope -> scope.graphBase().toString()).orElseGet(settings::graphBaseUrl);
    }

    /** One attempt only: for a request that a retry could make twice at Meta. */
    private Map<String, Object> callOnce(String operation, Supplier<MutableHttpRequest<?>> request) {
        return call(operation, request, false);
    }

    private Map<String, Object> call(String operation, Supplier<MutableHttpRequest<?>> request, boolean retry) {
        RetryPolicy policy = settings.retryPolicy();
        // While priming (PrimingScope), base() is the loopback server, which gets a made-up token, never the real one.
        String token = PrimingScope.current().isPresent() ? "priming" : settings.accessToken();
        long started = System.nanoTime();
        Duration limit = lambda.remainingTimeMillis().stream()
                .mapToObj(left -> Duration.ofMillis(left).minus(LAMBDA_RESERVE)).findFirst().orElse(policy.budget());
        for (int attempt = 1; ; attempt++) {
            RuntimeException failure;
            try {
                HttpResponse<String> response = http.toBlocking().exchange(
                        request.get().bearerAuth(token).accept(MediaType.APPLICATION_JSON_TYPE), String.class);
                return read(response.body(), response.code());
            } catch (HttpClientResponseException e) {
                GraphApiException error = error(e);
                if (!error.retryable()) {
                    throw error;
                }
                failure = error;
            } catch (HttpClientException e) {
                failure = new GraphApiUnavailableException(operation, attempt, e);
            }
            Duration wait = policy.backoff(attempt);
            if (!retry || !policy.allowsAnother(attempt, Duration.ofNanos(System.nanoTime() - started), wait, limit)) {
                throw failure;
            }
            LOG.warn("{}: attempt {} failed ({}); retrying in {} ms", operation, attempt, failure.getMessage(), wait.toMillis());
            sleep(wait);
        }
    }

    private GraphApiException error(HttpClientResponseException e) {
        int status = e.getStatus().getCode();
        String body = e.getResponse().getBody(String.class).orElse("");
        Duration retryAfter = e.getResponse().getHeaders().get(HttpHeaders.RETRY_AFTER, Long.class)
                .map(Duration::ofSeconds).orElse(null);
        Map<String, Object> error;
        try {
            error = json.readValue(body, JSON_OBJECT).get("error") instanceof Map<?, ?> m ? cast(m) : null;
        } catch (IOException | RuntimeException notJson) {
            error = null;
        }
        if (error == null) {
            return new GraphApiException(status, 0, null, "HTTP " + status + " without an error body", null, null, retryAfter);
        }
        String details = error.get("error_data") instanceof Map<?, ?> data && data.get("details") != null
                ? String.valueOf(data.get("details")) : null;
        return new GraphApiException(status, number(error.get("code"), 0), error.get("error_subcode") == null ? null
                : number(error.get("error_subcode"), 0), string(error.get("message")), details, string(error.get("fbtrace_id")),
                retryAfter);
    }

    private Map<String, Object> read(@Nullable String body, int status) {
        try {
            return json.readValue(body == null ? "{}" : body, JSON_OBJECT);
        } catch (IOException | RuntimeException e) {
            throw new GraphApiException(status, 0, null, "the answer is not JSON", null, null, null);
        }
    }

    private String write(Map<String, Object> message) {
        try {
            return json.writeValueAsString(message);
        } catch (IOException e) {
            throw new IllegalArgumentException("a message body that cannot be written as JSON", e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> cast(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }

    private static int number(Object value, int otherwise) {
        return value instanceof Number n ? n.intValue() : otherwise;
    }

    private static String string(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static void sleep(Duration wait) {
        try {
            Thread.sleep(wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new GraphApiUnavailableException("retry", 0, e);
        }
    }
}
