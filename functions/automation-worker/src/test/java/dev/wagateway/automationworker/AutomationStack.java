package dev.wagateway.automationworker;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import dev.wagateway.fakegraph.FakeGraphApi;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The automation worker beside the real receive-webhook controller, over a real PostgreSQL and the fake
 * Graph API on loopback: a signed inbound webhook stores the message and its {@code message.received}, and
 * the worker's Lambda handler gets that event's id as the automation queue would hand it over.
 */
final class AutomationStack implements AutoCloseable {

    static final String APP_SECRET = "automation-app-secret";
    static final String TOKEN = "EAAG-automation-token";
    static final String NUMBER = "106540352242922";
    private static final String SAMPLE_WAMID = "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ01RgA=";
    private static final AtomicInteger WAMIDS = new AtomicInteger();
    private static final AtomicInteger PHONES = new AtomicInteger();

    final FakeGraphApi graph = new FakeGraphApi(TOKEN);
    final DatabaseCoordinates database;
    final Sql sql;
    final ApplicationContext context;
    private final EmbeddedServer server;
    private final HttpClient client;
    private final AutomationHandler handler;

    AutomationStack(String name, Map<String, String> extra) {
        database = TestDatabases.instance().create(name);
        sql = new Sql(database);
        Map<String, Object> properties = new HashMap<>(database.datasourceProperties());
        properties.put("whatsapp.access-token", TOKEN);
        properties.put("whatsapp.phone-number-id", NUMBER);
        properties.put("whatsapp.graph.base-url", graph.baseUrl());
        properties.put("whatsapp.graph.read-timeout", "2s");
        properties.put("whatsapp.graph.initial-backoff", "10ms");
        properties.put("whatsapp.graph.max-attempts", "2");
        properties.put("whatsapp.webhook.verify-token", "verify");
        properties.put("whatsapp.webhook.app-secret", APP_SECRET);
        properties.put("automation.pair-interval", "0s");
        // receive-webhook's own application.properties is not on this classpath (only its classes).
        properties.put("micronaut.server.max-request-size", "3145728");
        properties.put("datasources.default.maximum-pool-size", "6");
        properties.putAll(extra);
        server = ApplicationContext.run(EmbeddedServer.class, properties);
        context = server.getApplicationContext();
        client = context.createBean(HttpClient.class, server.getURL());
        handler = new AutomationHandler(context);
    }

    /** A phone of its own per test, so that tests never see each other's cooldowns or sessions. */
    static String newPhone() {
        return "+1650555" + String.format("%04d", 2000 + PHONES.incrementAndGet());
    }

    /** Posts a signed inbound text from {@code phone}, sent at {@code at}; answers the stored message's event id. */
    String inbound(String phone, String text, Instant at) {
        String wamid = "wamid.automation" + WAMIDS.incrementAndGet() + "x" + System.nanoTime();
        String body = sample().replace(SAMPLE_WAMID, wamid)
                .replace("\"timestamp\":\"1763793600\"", "\"timestamp\":\"" + at.getEpochSecond() + "\"")
                .replace("\"16505551234\"", "\"" + phone.substring(1) + "\"")
                .replace("Does it come in another color? Ol\\u00e1, a\\u00e7\\u00e3o \\ud83d\\ude00", json(text));
        post(body.getBytes(StandardCharsets.UTF_8));
        return sql.queryValue("SELECT e.id FROM events e JOIN messages m ON m.id = e.message_id WHERE e.type = 'message.received' "
                + "AND m.whatsapp_message_id = '" + wamid + "'");
    }

    String inbound(String phone, String text) {
        return inbound(phone, text, Instant.now());
    }

    /** The worker's Lambda handler with one SQS message per event id, as the event source mapping calls it. */
    SQSBatchResponse deliver(String... eventIds) {
        SQSEvent event = new SQSEvent();
        List<SQSEvent.SQSMessage> records = new java.util.ArrayList<>();
        for (String id : eventIds) {
            SQSEvent.SQSMessage message = new SQSEvent.SQSMessage();
            message.setMessageId("sqs-" + id + "-" + records.size());
            message.setBody("{\"event_id\":\"" + id + "\"}");
            records.add(message);
        }
        event.setRecords(records);
        return handler.execute(event);
    }

    /** The texts the fake Graph API was asked to send to {@code phone}, in order. */
    @SuppressWarnings("unchecked")
    List<String> textsTo(String phone) {
        return graph.sends().stream().map(FakeGraphApi.RecordedRequest::json)
                .filter(b -> phone.substring(1).equals(String.valueOf(b.get("to"))) || phone.equals(String.valueOf(b.get("to"))))
                .map(b -> "text".equals(b.get("type")) ? String.valueOf(((Map<String, Object>) b.get("text")).get("body"))
                        : "template:" + ((Map<String, Object>) b.get("template")).get("name"))
                .toList();
    }

    long rule(String name, String trigger, String value, String response, String responseValue, int priority) {
        return Long.parseLong(sql.queryValue("INSERT INTO automation_rules (name, trigger_type, trigger_value, response_type, "
                + "response_value, priority) VALUES (" + literal(name) + ", " + literal(trigger) + ", " + literal(value) + ", "
                + literal(response) + ", " + literal(responseValue) + ", " + priority + ") RETURNING id"));
    }

    private void post(byte[] body) {
        HttpRequest<byte[]> request = HttpRequest.POST("/webhooks/whatsapp", body).contentType(MediaType.APPLICATION_JSON_TYPE)
                .header("X-Hub-Signature-256", sign(body));
        try {
            HttpResponse<String> response = client.toBlocking().exchange(request, String.class);
            if (response.code() != 200) {
                throw new IllegalStateException("webhook answered " + response.code());
            }
        } catch (HttpClientResponseException e) {
            throw new IllegalStateException("webhook answered " + e.getStatus() + ": " + e.getResponse().getBody(String.class).orElse(""), e);
        }
    }

    static String literal(String value) {
        return value == null ? "NULL" : "'" + value.replace("'", "''") + "'";
    }

    private static String json(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20 || c > 0x7e) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String sample() {
        try (InputStream input = AutomationStack.class.getResourceAsStream("/inbound-text.json")) {
            return new String(input.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String sign(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(APP_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        client.close();
        server.close();
        graph.close();
    }
}
