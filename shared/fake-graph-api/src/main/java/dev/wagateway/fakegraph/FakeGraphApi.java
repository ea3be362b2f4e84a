package dev.wagateway.fakegraph;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * Meta's Graph API (WhatsApp Cloud API, v26.0) on a loopback port, over real HTTP, for tests and
 * benchmarks. It answers as Meta documents (template pages and error bodies from the samples in
 * {@code fake-graph-api/}):
 * <ul>
 *   <li>{@code GET /v26.0/{waba-id}/message_templates?limit=&after=}: pages of {@link #templates},
 *       with {@code paging.cursors} and {@code paging.next} on every page but the last;</li>
 *   <li>{@code POST /v26.0/{phone-number-id}/messages}: checks the body's shape (code 100 when it
 *       is wrong, as Meta does: the user by phone in {@code to} or by business-scoped user id in
 *       {@code recipient}) and Meta's rules for interactive, location, contacts and template payloads
 *       ({@link FakeMessageRules}: 131009 or 131008 with the details) and answers a new wamid; a body with
 *       {@code status: read} (and optionally {@code typing_indicator}) is a read receipt, answered
 *       {@code {"success": true}} ({@link #readReceipts()});</li>
 *   <li>{@code GET /v26.0/{media-id}}: {@code url}, {@code mime_type}, {@code sha256} (hex), {@code file_size}
 *       (a string, as Meta documents it) and {@code id} of a file in {@link #media()}; the URL
 *       ({@code /whatsapp_business/attachments/?mid=&ext=&hash=} on this port) serves the bytes only with the
 *       bearer token, and only for its lifetime (5 minutes; then 404); an unknown id is Meta's code 100;</li>
 *   <li>{@code POST} and {@code DELETE /v26.0/{waba-id}/message_templates}: template create and delete over the
 *       same list the pages show ({@link FakeTemplateManagement});</li>
 *   <li>{@code POST /v26.0/{phone-number-id}/media} ({@code multipart/form-data}: {@code messaging_product},
 *       {@code type}, {@code file}): keeps the file and answers its new {@code id}.</li>
 * </ul>
 * Every request needs {@code Authorization: Bearer <token>} (else Meta's code 190 with HTTP 401).
 * Every request is recorded. {@link #enqueue} makes the next requests fail in Meta's ways.
 */
public final class FakeGraphApi implements AutoCloseable {

    public static final String VERSION = "v26.0";
    private static final ObjectMapper JSON = new ObjectMapper();
    // A phone as `to` takes it (digits, an optional +), and a BSUID or parent BSUID as `recipient`
    // takes it, per Meta's "Business-scoped user IDs".
    private static final Pattern PHONE = Pattern.compile("\\+?[1-9][0-9]{6,14}");
    private static final Pattern BSUID = Pattern.compile("[A-Z]{2}\\.(ENT\\.)?[A-Za-z0-9]{1,128}");
    private static final List<String> SEND_TYPES = List.of("text", "template", "image", "document", "audio", "video",
            "sticker", "reaction", "location", "contacts", "interactive");

    /** A request as the fake received it. */
    public record RecordedRequest(String method, String path, Map<String, String> query, Map<String, String> headers,
                                  String body) {
        /** The body as JSON ({@code null} when there is none). */
        public Map<String, Object> json() {
            return body.isEmpty() ? null : read(body, new TypeReference<>() { });
        }
    }

    private final String accessToken;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Queue<Fault> faults = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicLong wamids = new AtomicLong();
    private final Queue<String> chosenWamids = new ConcurrentLinkedQueue<>();
    private volatile List<Map<String, Object>> templates = sampleTemplates();
    private volatile boolean recording = true;
    private final FakeMedia media = new FakeMedia();
    private final FakeTemplateManagement templateManagement = new FakeTemplateManagement();

    /** Starts the fake on a free loopback port; it accepts only {@code accessToken}. */
    public FakeGraphApi(String accessToken) {
        this.accessToken = accessToken;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The Graph API base to configure, for example {@code http://127.0.0.1:41234/v26.0}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + VERSION;
    }

    /** The templates {@code message_templates} serves from now on, in Meta's shape. */
    public void templates(List<Map<String, Object>> templates) {
        this.templates = List.copyOf(templates);
    }

    /** The templates of {@code templates-page-1.json} and {@code templates-page-2.json}, in order. */
    public static List<Map<String, Object>> sampleTemplates() {
        List<Map<String, Object>> all = new ArrayList<>();
        for (String page : List.of("templates-page-1.json", "templates-page-2.json")) {
            Map<String, Object> body = read(resource(page), new TypeReference<>() { });
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> data = (List<Map<String, Object>>) body.get("data");
            all.addAll(data);
        }
        return all;
    }

    /** The next requests meet these faults, one each, in order; requests after them are answered normally. */
    public void enqueue(Fault... next) {
        faults.addAll(List.of(next));
    }

    /** The wamids the next successful sends answer, in order; later sends get made-up ones. */
    public void nextWamids(String... wamids) {
        chosenWamids.addAll(List.of(wamids));
    }

    /** Made-up wamids count on from {@code first}: a fake restarted over the same database must not repeat them. */
    public void wamidsFrom(long first) {
        wamids.set(first - 1);
    }

    /** The files Meta holds: add some for inbound media, read what an upload kept. */
    public FakeMedia media() {
        return media;
    }

    /** The base of the download URLs, for example {@code http://127.0.0.1:41234}. */
    public String downloadBase() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Requests to {@code .../media} (uploads), in arrival order. */
    public List<RecordedRequest> uploads() {
        return requests.stream().filter(r -> r.path().endsWith("/media") && r.method().equals("POST")).toList();
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    /** Requests to {@code .../messages}, in arrival order. */
    public List<RecordedRequest> sends() {
        return requests.stream().filter(r -> r.path().endsWith("/messages")).toList();
    }

    /** Forgets recorded requests, queued faults and chosen wamids; the templates stay. */
    public void reset() {
        faults.clear();
        chosenWamids.clear();
        requests.clear();
    }

    /** Whether to record requests: a benchmark turns it off to keep memory flat. */
    public void recording(boolean on) {
        recording = on;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] raw = exchange.getRequestBody().readAllBytes();
            String body = new String(raw, StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            if (recording) {
                Map<String, String> headers = new LinkedHashMap<>();
                exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(), String.join(",", values)));
                requests.add(new RecordedRequest(exchange.getRequestMethod(), path, query, headers, body));
            }
            Fault fault = faults.poll();
            if (fault != null) {
                switch (fault.kind()) {
                    case DROP -> {
                        // Closing before any response header makes the server drop the connection.
                        return;
                    }
                    case META_ERROR -> {
                        send(exchange, fault.httpStatus(), errorBody(fault));
                        return;
                    }
                    case SLOW -> sleep(fault);
                    case PASS -> { }
                }
            }
            boolean authorized = ("Bearer " + accessToken).equals(exchange.getRequestHeaders().getFirst("Authorization"));
            if (path.equals(DOWNLOAD_PATH) && exchange.getRequestMethod().equals("GET")) {
                download(exchange, query, authorized);
                return;
            }
            if (!authorized) {
                send(exchange, 401, resource("error-190.json"));
                return;
            }
            String[] parts = path.split("/");
            if (parts.length == 4 && parts[1].equals(VERSION) && parts[3].equals("message_templates")
                    && exchange.getRequestMethod().equals("GET")) {
                send(exchange, 200, templatesPage(parts[2], query));
            } else if (parts.length == 4 && parts[1].equals(VERSION) && parts[3].equals("message_templates")
                    && (exchange.getRequestMethod().equals("POST") || exchange.getRequestMethod().equals("DELETE"))) {
                manageTemplate(exchange, exchange.getRequestMethod(), body, query);
            } else if (parts.length == 4 && parts[1].equals(VERSION) && parts[3].equals("messages")
                    && exchange.getRequestMethod().equals("POST")) {
                sendMessage(exchange, body);
            } else if (parts.length == 3 && parts[1].equals(VERSION) && exchange.getRequestMethod().equals("GET")) {
                describeMedia(exchange, parts[2]);
            } else if (parts.length == 4 && parts[1].equals(VERSION) && parts[3].equals("media")
                    && exchange.getRequestMethod().equals("POST")) {
                upload(exchange, raw);
            } else {
                send(exchange, 400, invalidParameter("Unsupported " + exchange.getRequestMethod() + " request."));
            }
        }
    }

    private static final String DOWNLOAD_PATH = "/whatsapp_business/attachments/";

    private void describeMedia(HttpExchange exchange, String mediaId) throws IOException {
        FakeMedia.Item item = media.get(mediaId);
        if (item == null) {
            send(exchange, 400, unknownObject(mediaId));
            return;
        }
        String token = media.issueUrl(mediaId);
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("messaging_product", "whatsapp");
        answer.put("url", downloadBase() + DOWNLOAD_PATH + "?mid=" + mediaId + "&ext=" + (System.currentTimeMillis() / 1000)
                + "&hash=" + token);
        answer.put("mime_type", item.mimeType());
        answer.put("sha256", item.announcedSha256());
        answer.put("file_size", String.valueOf(item.size()));
        answer.put("id", mediaId);
        send(exchange, 200, write(answer));
    }

    private void download(HttpExchange exchange, Map<String, String> query, boolean authorized) throws IOException {
        if (!authorized) {
            send(exchange, 401, resource("error-190.json"));
            return;
        }
        FakeMedia.Item item = media.forToken(query.get("hash"));
        if (item == null || !item.id().equals(query.get("mid"))) {
            // Meta's lookaside answers an expired or unknown URL with a bare 404.
            exchange.sendResponseHeaders(404, -1);
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", item.mimeType());
        exchange.sendResponseHeaders(200, item.size());
        try (InputStream content = item.content().get(); var out = exchange.getResponseBody()) {
            content.transferTo(out);
        }
    }

    private void upload(HttpExchange exchange, byte[] raw) throws IOException {
        Map<String, MultipartForm.Part> form;
        try {
            form = MultipartForm.parse(exchange.getRequestHeaders().getFirst("Content-Type"), raw);
        } catch (IllegalArgumentException e) {
            send(exchange, 400, invalidParameter("The request is not multipart/form-data: " + e.getMessage()));
            return;
        }
        MultipartForm.Part product = form.get("messaging_product");
        MultipartForm.Part file = form.get("file");
        if (product == null || !"whatsapp".equals(product.text())) {
            send(exchange, 400, invalidParameter("The parameter messaging_product is required."));
        } else if (file == null || file.content().length == 0) {
            send(exchange, 400, invalidParameter("The parameter file is required."));
        } else {
            String mimeType = form.containsKey("type") ? form.get("type").text()
                    : file.contentType() == null ? "application/octet-stream" : file.contentType();
            String id = media.add(file.content(), mimeType);
            send(exchange, 200, write(Map.of("id", id)));
        }
    }

    private static String unknownObject(String id) {
        Map<String, Object> body = read(resource("error-100.json"), new TypeReference<>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> error = new HashMap<>((Map<String, Object>) body.get("error"));
        error.put("message", "Unsupported get request. Object with ID '" + id + "' does not exist, cannot be loaded due to"
                + " missing permissions, or does not support this operation.");
        error.put("type", "GraphMethodException");
        error.put("error_subcode", 33);
        error.remove("error_data");
        return write(Map.of("error", error));
    }

    private String templatesPage(String wabaId, Map<String, String> query) {
        List<Map<String, Object>> all = templates;
        int limit = Math.max(1, Math.min(100, Integer.parseInt(query.getOrDefault("limit", "25"))));
        int from = query.containsKey("after") ? decodeCursor(query.get("after")) : 0;
        int to = Math.min(all.size(), from + limit);
        Map<String, Object> page = new LinkedHashMap<>();
        page.put("data", all.subList(Math.min(from, to), to));
        if (to > from) {
            Map<String, Object> paging = new LinkedHashMap<>();
            paging.put("cursors", Map.of("before", encodeCursor(from), "after", encodeCursor(to)));
            if (to < all.size()) {
                paging.put("next", baseUrl() + "/" + wabaId + "/message_templates?fields="
                        + query.getOrDefault("fields", "name") + "&limit=" + limit + "&after=" + encodeCursor(to));
            }
            page.put("paging", paging);
        }
        return write(page);
    }

    /** Create or delete (see {@link FakeTemplateManagement}), one at a time so the list never loses a change. */
    private synchronized void manageTemplate(HttpExchange exchange, String method, String body, Map<String, String> query)
            throws IOException {
        FakeTemplateManagement.Outcome outcome;
        if (method.equals("POST")) {
            Map<String, Object> request;
            try {
                request = read(body, new TypeReference<>() { });
            } catch (UncheckedIOException e) {
                send(exchange, 400, invalidParameter("The request body is not JSON."));
                return;
            }
            outcome = templateManagement.create(templates, request == null ? Map.of() : request);
        } else {
            outcome = templateManagement.delete(templates, query);
        }
        templates = outcome.templates();
        send(exchange, outcome.status(), write(outcome.body()));
    }

    private void sendMessage(HttpExchange exchange, String body) throws IOException {
        Map<String, Object> message;
        try {
            message = read(body, new TypeReference<>() { });
        } catch (UncheckedIOException e) {
            send(exchange, 400, invalidParameter("The request body is not JSON."));
            return;
        }
        Object type = message.get("type");
        Object to = message.get("to");
        Object recipient = message.get("recipient");
        if ("read".equals(message.get("status"))) {
            markRead(exchange, message);
            return;
        }
        FakeMessageRules.Broken broken = type instanceof String kind && message.get(kind) != null
                && (message.get(kind) instanceof Map || kind.equals("contacts")) ? FakeMessageRules.check(kind, message.get(kind)) : null;
        if (!"whatsapp".equals(message.get("messaging_product"))) {
            send(exchange, 400, invalidParameter("The parameter messaging_product is required."));
        } else if (to == null && recipient == null) {
            send(exchange, 400, invalidParameter("The parameter to or recipient is required."));
        } else if (to != null && (!(to instanceof String phone) || !PHONE.matcher(phone).matches())) {
            send(exchange, 400, invalidParameter("The parameter to must be a phone number."));
        } else if (to == null && (!(recipient instanceof String bsuid) || !BSUID.matcher(bsuid).matches())) {
            send(exchange, 400, invalidParameter("The parameter recipient must be a business-scoped user ID."));
        } else if (!(type instanceof String kind) || !SEND_TYPES.contains(kind)
                || !(message.get(kind) instanceof Map || (kind.equals("contacts") && message.get(kind) instanceof List))) {
            send(exchange, 400, invalidParameter("Param " + type + " must be a message type with an object of that name."));
        } else if (broken != null) {
            send(exchange, 400, metaError(broken.code(), broken.details()));
        } else {
            String chosen = chosenWamids.poll();
            String wamid = chosen != null ? chosen : "wamid.HBgL" + Base64.getEncoder().encodeToString(
                    ("FAKE" + String.format("%016d", wamids.incrementAndGet())).getBytes(StandardCharsets.US_ASCII));
            Map<String, Object> sent = new LinkedHashMap<>();
            sent.put("id", wamid);
            if ("template".equals(kind)) {
                sent.put("message_status", "accepted");
            }
            // Meta: `to` wins when both are given; the answer names the user the way the send did.
            Map<String, Object> contact = new LinkedHashMap<>();
            if (to instanceof String phone) {
                contact.put("input", phone);
                contact.put("wa_id", phone.replaceAll("[^0-9]", ""));
            } else {
                contact.put("input", recipient);
                contact.put("user_id", recipient);
            }
            send(exchange, 200, write(Map.of(
                    "messaging_product", "whatsapp",
                    "contacts", List.of(contact),
                    "messages", List.of(sent))));
        }
    }

    /** Meta's answer to {@code status: read} (and the typing indicator): success for a wamid. */
    private void markRead(HttpExchange exchange, Map<String, Object> message) throws IOException {
        Object typing = message.get("typing_indicator");
        if (!"whatsapp".equals(message.get("messaging_product"))) {
            send(exchange, 400, invalidParameter("The parameter messaging_product is required."));
        } else if (!(message.get("message_id") instanceof String wamid) || !wamid.startsWith("wamid.")) {
            send(exchange, 400, invalidParameter("The parameter message_id must be a WhatsApp message id."));
        } else if (typing != null && !(typing instanceof Map<?, ?> indicator && "text".equals(indicator.get("type")))) {
            send(exchange, 400, invalidParameter("The parameter typing_indicator.type must be text."));
        } else {
            send(exchange, 200, write(Map.of("success", true)));
        }
    }

    /** Requests that marked a message read ({@code status: read}), in arrival order. */
    public List<RecordedRequest> readReceipts() {
        return sends().stream().filter(r -> r.body().contains("\"status\"") && "read".equals(r.json().get("status"))).toList();
    }

    private static String metaError(int code, String details) {
        String message = code == 131008 ? "(#131008) Required parameter is missing" : "(#131009) Parameter value is not valid";
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", "OAuthException");
        error.put("code", code);
        error.put("error_data", Map.of("messaging_product", "whatsapp", "details", details));
        error.put("fbtrace_id", "A3kQ9dT2wXr");
        return write(Map.of("error", error));
    }

    private static String errorBody(Fault fault) {
        return switch (fault.errorCode()) {
            case 1, 4 -> resource("error-http-" + fault.httpStatus() + ".json");
            default -> resource("error-" + fault.errorCode() + ".json");
        };
    }

    private static String invalidParameter(String details) {
        Map<String, Object> body = read(resource("error-100.json"), new TypeReference<>() { });
        @SuppressWarnings("unchecked")
        Map<String, Object> error = new HashMap<>((Map<String, Object>) body.get("error"));
        error.put("error_data", Map.of("messaging_product", "whatsapp", "details", details));
        return write(Map.of("error", error));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(fault.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            query.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return query;
    }

    private static String encodeCursor(int index) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(("idx:" + index).getBytes(StandardCharsets.US_ASCII));
    }

    private static int decodeCursor(String cursor) {
        return Integer.parseInt(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).substring(4));
    }

    static String resource(String name) {
        try (InputStream input = FakeGraphApi.class.getResourceAsStream("/fake-graph-api/" + name)) {
            if (input == null) {
                throw new IllegalArgumentException("no sample body " + name);
            }
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
