package dev.wagateway.coldstart.driver;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The request one function gets in the benchmark, as Lambda would hand it over (the event object the
 * runtime makes from API Gateway's JSON), and what a right answer is. Each kind is its own class, so a
 * JVM loads only the event classes of its own function. The API key and the webhook's app secret come
 * from the benchmark through {@code BENCH_API_KEY} and {@code BENCH_APP_SECRET}.
 */
interface Invocation {

    String CUSTOMER = "+16505551234";

    /** A new event (handlers may change the one they get). */
    Object next();

    /** Throws when the handler's answer is not the one a working function gives. */
    void check(Object answer);

    static Invocation of(String function) {
        return switch (function) {
            case "SEND_MESSAGE" -> new Send();
            case "RECEIVE_WEBHOOK" -> new WebhookDelivery();
            case "UPSERT_CONTACT" -> new Http("GET", "/v1/contacts/%2B16505551234", "", null, 200);
            case "LIST_TEMPLATES" -> new Http("GET", "/v1/templates", "status=APPROVED&limit=20", null, 200);
            case "TEMPLATE_SYNC" -> new Schedule();
            case "DB_MIGRATE" -> new Deploy();
            case "MANAGE_WEBHOOKS" -> new Http("GET", "/v1/webhooks", "", null, 200);
            case "DISPATCH_EVENTS" -> new QueueBatch();
            case "EVENTS_SWEEP", "EVENTS_RETENTION" -> new Schedule();
            case "AUTOMATION_WORKER", "MEDIA_JOBS" -> new EventMessages();
            case "MANAGE_AUTOMATION" -> new Http("GET", "/v1/automation/rules", "limit=20", null, 200);
            case "MEDIA" -> new Http("GET", "/v1/media/media_01JDQ4Z8S4K1V5G7C2M9R3T6WX/info", "", null, 404);
            case "MEDIA_RETRY" -> new Schedule(false);
            case "LEGACY_MEDIA" -> new LegacyMove();
            case "BARE" -> new Http("GET", "/bare", "", null, 200);
            default -> throw new IllegalArgumentException("No request for function " + function);
        };
    }

    /** An API Gateway HTTP API (payload v2) request with the benchmark's API key. */
    class Http implements Invocation {
        private static final AtomicLong REQUESTS = new AtomicLong();
        private final String method;
        private final String rawPath;
        private final String rawQuery;
        private final String body;
        private final int expectedStatus;

        Http(String method, String rawPath, String rawQuery, String body, int expectedStatus) {
            this.method = method;
            this.rawPath = rawPath;
            this.rawQuery = rawQuery;
            this.body = body;
            this.expectedStatus = expectedStatus;
        }

        @Override
        public Object next() {
            return event(method, rawPath, rawQuery, body, headers());
        }

        Map<String, String> headers() {
            Map<String, String> headers = new HashMap<>();
            headers.put("authorization", "Bearer " + System.getenv("BENCH_API_KEY"));
            headers.put("user-agent", "cold-start-bench");
            return headers;
        }

        @Override
        public void check(Object answer) {
            APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) answer;
            if (response.getStatusCode() != expectedStatus) {
                throw new IllegalStateException(method + " " + rawPath + " answered " + response.getStatusCode()
                        + " instead of " + expectedStatus + ": " + response.getBody());
            }
        }

        /** As API Gateway sends it: lower-case header names, the decoded path beside the raw one. */
        static APIGatewayV2HTTPEvent event(String method, String rawPath, String rawQuery, String body,
                                           Map<String, String> headers) {
            APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
            http.setMethod(method);
            http.setPath(java.net.URLDecoder.decode(rawPath, StandardCharsets.UTF_8));
            http.setProtocol("HTTP/1.1");
            http.setSourceIp("198.51.100.7");
            http.setUserAgent(headers.get("user-agent"));
            APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
            context.setHttp(http);
            context.setRequestId("bench-" + ProcessHandle.current().pid() + "-" + REQUESTS.incrementAndGet());
            context.setStage("$default");
            APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
            event.setVersion("2.0");
            event.setRouteKey("$default");
            event.setRawPath(rawPath);
            event.setRawQueryString(rawQuery);
            if (!rawQuery.isEmpty()) {
                Map<String, String> parameters = new HashMap<>();
                for (String pair : rawQuery.split("&")) {
                    String[] nameValue = pair.split("=", 2);
                    parameters.put(nameValue[0], nameValue[1]);
                }
                event.setQueryStringParameters(parameters);
            }
            event.setHeaders(headers);
            event.setRequestContext(context);
            event.setBody(body);
            event.setIsBase64Encoded(false);
            return event;
        }
    }

    /** A text message sent through the fake Graph API: validation, a message row, Meta's answer, the update. */
    final class Send extends Http {
        Send() {
            super("POST", "/v1/messages", "",
                    "{\"to\":\"" + CUSTOMER + "\",\"type\":\"text\",\"text\":{\"body\":\"Your order has shipped\"}}", 202);
        }

        @Override
        Map<String, String> headers() {
            Map<String, String> headers = super.headers();
            headers.put("content-type", "application/json");
            return headers;
        }
    }

    /** Meta delivering an inbound text, signed: a message row and the contact's counters, each with a new wamid. */
    final class WebhookDelivery implements Invocation {
        private static final String TEMPLATE = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\","
                + "\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Jos\\u00e9 \\u00d1and\\u00fa\"},"
                + "\"wa_id\":\"16505551234\"}],\"messages\":[{\"from\":\"16505551234\",\"timestamp\":\"1763793600\",\"id\":\"WAMID\","
                + "\"type\":\"text\",\"text\":{\"body\":\"Does it come in another color? Ol\\u00e1\"}}]},\"field\":\"messages\"}]}]}";
        private static final AtomicLong DELIVERIES = new AtomicLong();

        @Override
        public Object next() {
            String wamid = "wamid.bench-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-"
                    + DELIVERIES.incrementAndGet();
            String body = TEMPLATE.replace("WAMID", wamid);
            Map<String, String> headers = new HashMap<>();
            headers.put("content-type", "application/json");
            headers.put("user-agent", "facebookexternalua");
            headers.put("x-hub-signature-256", sign(body.getBytes(StandardCharsets.UTF_8)));
            return Http.event("POST", "/webhooks/whatsapp", "", body, headers);
        }

        @Override
        public void check(Object answer) {
            APIGatewayV2HTTPResponse response = (APIGatewayV2HTTPResponse) answer;
            if (response.getStatusCode() != 200) {
                throw new IllegalStateException("The delivery answered " + response.getStatusCode() + ": " + response.getBody());
            }
        }

        private static String sign(byte[] body) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(System.getenv("BENCH_APP_SECRET").getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The EventBridge schedule's event for the template sync. */
    final class Schedule implements Invocation {
        private final boolean countsSomething;

        /** A schedule whose handler answers a count per outcome, every outcome counted (0 included). */
        Schedule() {
            this(true);
        }

        /** {@code countsSomething} false: a handler that answers only the outcomes it met (none, here). */
        Schedule(boolean countsSomething) {
            this.countsSomething = countsSomething;
        }

        @Override
        public Object next() {
            ScheduledEvent event = new ScheduledEvent();
            event.setSource("aws.events");
            event.setDetailType("Scheduled Event");
            event.setResources(List.of("arn:aws:events:eu-west-1:123456789012:rule/wa-gateway-template-sync"));
            event.setDetail(Map.of());
            return event;
        }

        @Override
        public void check(Object answer) {
            if (!(answer instanceof Map<?, ?> counts) || (countsSomething && counts.isEmpty())) {
                throw new IllegalStateException("The schedule answered " + answer);
            }
        }
    }

    /** A batch from the event queue's event source mapping; empty here (no event written). */
    final class QueueBatch implements Invocation {
        @Override
        public Object next() {
            com.amazonaws.services.lambda.runtime.events.SQSEvent event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
            event.setRecords(List.of());
            return event;
        }

        @Override
        public void check(Object answer) {
            if (!(answer instanceof com.amazonaws.services.lambda.runtime.events.SQSBatchResponse response)
                    || !response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("The dispatcher answered " + answer);
            }
        }
    }

    /** The deployment trigger's invocation of db-migrate: the schema is current, so Flyway checks and applies nothing. */
    final class Deploy implements Invocation {
        @Override
        public Object next() {
            return new HashMap<String, Object>(Map.of("RequestType", "Update"));
        }

        @Override
        public void check(Object answer) {
            if (!(answer instanceof Map<?, ?> result) || result.get("schemaVersion") == null) {
                throw new IllegalStateException("The migration answered " + answer);
            }
        }
    }

    /**
     * A batch of one message of a consumer's queue as the events pipeline sends it ({@code {"event_id": ...}}),
     * naming an event that is not in the outbox (retention deleted it): the message is read, the event looked up,
     * and the batch answered with no failure; nothing is written, so every call is the same.
     */
    final class EventMessages implements Invocation {
        private static final AtomicLong MESSAGES = new AtomicLong();

        @Override
        public Object next() {
            com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage message =
                    new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
            message.setMessageId("bench-" + ProcessHandle.current().pid() + "-" + MESSAGES.incrementAndGet());
            message.setReceiptHandle("bench-receipt");
            message.setBody("{\"event_id\":\"evt_00000000000000000000000000\"}");
            message.setEventSource("aws:sqs");
            message.setEventSourceArn("arn:aws:sqs:eu-west-1:123456789012:wa-gateway-bench-consumer");
            message.setAwsRegion("eu-west-1");
            message.setAttributes(Map.of("ApproximateReceiveCount", "1"));
            com.amazonaws.services.lambda.runtime.events.SQSEvent event = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
            event.setRecords(List.of(message));
            return event;
        }

        @Override
        public void check(Object answer) {
            if (!(answer instanceof com.amazonaws.services.lambda.runtime.events.SQSBatchResponse response)
                    || !response.getBatchItemFailures().isEmpty()) {
                throw new IllegalStateException("The consumer answered " + answer);
            }
        }
    }

    /** The operator's invocation of the legacy media move after an import: nothing imported, so nothing to move. */
    final class LegacyMove implements Invocation {
        @Override
        public Object next() {
            return new HashMap<String, Object>();
        }

        @Override
        public void check(Object answer) {
            if (answer == null || !answer.toString().contains("done=true")) {
                throw new IllegalStateException("The legacy media move answered " + answer);
            }
        }
    }
}
