package dev.wagateway.shared.whatsapp;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.wagateway.fakegraph.FakeGraphApi;
import dev.wagateway.fakegraph.Fault;
import com.amazonaws.services.lambda.runtime.Context;
import dev.wagateway.shared.lambda.CurrentLambdaContextFactory;
import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GraphApiClientTest implements TestPropertyProvider {

    private static final String TOKEN = "EAAG-secret-token-never-shown";
    private static final Map<String, Object> TEXT = Map.of("messaging_product", "whatsapp", "to", "+16505551234",
            "type", "text", "text", Map.of("body", "hello"));

    private final FakeGraphApi fake = new FakeGraphApi(TOKEN);
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();

    @Inject
    GraphApiClient graph;

    @Inject
    CurrentLambdaContextFactory lambda;

    @Inject
    GraphApiPriming priming;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("whatsapp.access-token", TOKEN);
        properties.put("whatsapp.graph.base-url", fake.baseUrl());
        // Long enough for a loaded build machine's first answers (400 ms timed out there), short beside Fault.slow.
        properties.put("whatsapp.graph.read-timeout", "2s");
        properties.put("whatsapp.graph.initial-backoff", "10ms");
        properties.put("whatsapp.graph.max-attempts", "3");
        return properties;
    }

    @BeforeAll
    void captureLogs() {
        logs.start();
        ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(Logger.ROOT_LOGGER_NAME).addAppender(logs);
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    @AfterAll
    void stop() {
        fake.close();
        assertFalse(logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(TOKEN)), "the token was logged");
    }

    @Test
    void sendsTheBodyWithTheTokenAndReturnsTheWamid() {
        String wamid = graph.sendMessage("1055", TEXT);
        assertTrue(wamid.startsWith("wamid."));
        FakeGraphApi.RecordedRequest sent = fake.sends().getFirst();
        assertEquals("/v26.0/1055/messages", sent.path());
        assertEquals("Bearer " + TOKEN, sent.headers().get("authorization"));
        assertEquals(TEXT, sent.json());
    }

    @Test
    void readsTemplatePagesAndTheirCursor() {
        GraphApiClient.TemplatePage first = graph.messageTemplates("waba-9", null, 2);
        assertEquals(2, first.data().size());
        assertEquals("order_update", first.data().getFirst().get("name"));
        GraphApiClient.TemplatePage second = graph.messageTemplates("waba-9", first.after(), 2);
        assertEquals(List.of("otp_code"), second.data().stream().map(t -> t.get("name")).toList());
        assertNull(second.after(), "no next page");
        assertEquals("/v26.0/waba-9/message_templates", fake.requests().getFirst().path());
        assertEquals(GraphApiClient.TEMPLATE_FIELDS, fake.requests().getFirst().query().get("fields"));
        // The page asked for after the first (a retried first page on a busy machine is not it).
        assertEquals(first.after(), fake.requests().stream().map(r -> r.query().get("after")).filter(java.util.Objects::nonNull)
                .findFirst().orElse(null));
    }

    @Test
    void metaErrorBodiesBecomeTypedExceptionsWithoutRetry() {
        fake.enqueue(Fault.metaError(131047));
        GraphApiException e = assertThrows(GraphApiException.class, () -> graph.sendMessage("1055", TEXT));
        assertEquals(400, e.httpStatus());
        assertEquals(131047, e.code());
        assertEquals("A3f2kVx9aWq", e.fbtraceId().orElseThrow());
        assertEquals("(#131047) Re-engagement message", e.metaMessage().orElseThrow());
        assertTrue(e.details().orElseThrow().contains("24 hours"));
        assertEquals(1, fake.requestCount(), "a closed window is not retried");

        fake.enqueue(Fault.metaError(190));
        GraphApiException token = assertThrows(GraphApiException.class, () -> graph.sendMessage("1055", TEXT));
        assertEquals(190, token.code());
        assertEquals(463, token.subcode().orElseThrow());
        assertFalse(token.getMessage().contains(TOKEN));
        ProblemException problem = WhatsAppProblems.of(token);
        assertEquals("upstream-error", problem.problemType().slug());
        assertFalse(problem.detail().contains("access token") || problem.detail().contains(TOKEN));
    }

    @Test
    void serverErrorsThroughputAndDroppedConnectionsAreRetriedWithinBounds() {
        fake.enqueue(Fault.httpStatus(500), Fault.metaError(130429));
        assertTrue(graph.sendMessage("1055", TEXT).startsWith("wamid."));
        assertEquals(3, fake.requestCount());

        fake.reset();
        fake.enqueue(Fault.drop(), Fault.drop(), Fault.drop(), Fault.drop());
        GraphApiUnavailableException e = assertThrows(GraphApiUnavailableException.class, () -> graph.sendMessage("1055", TEXT));
        assertEquals(3, e.attempts());
        assertEquals(3, fake.requestCount(), "max-attempts bounds the calls");

        fake.reset();
        fake.enqueue(Fault.httpStatus(500), Fault.httpStatus(500), Fault.httpStatus(500));
        assertEquals(500, assertThrows(GraphApiException.class, () -> graph.sendMessage("1055", TEXT)).httpStatus());
        assertEquals(3, fake.requestCount());
    }

    @Test
    void aSlowAnswerTimesOutAndIsRetried() {
        fake.enqueue(Fault.slow(Duration.ofSeconds(5)));
        assertTrue(graph.sendMessage("1055", TEXT).startsWith("wamid."));
        assertEquals(2, fake.requestCount());
    }

    @Test
    void noRetryWhenTheLambdaInvocationHasNoTimeLeftForIt() {
        lambda.registerSingletons(invocationWithTimeLeft(1_500));
        try {
            fake.enqueue(Fault.httpStatus(500), Fault.httpStatus(500));
            assertThrows(GraphApiException.class, () -> graph.sendMessage("1055", TEXT));
            assertEquals(1, fake.requestCount(), "1.5 s left is within the reserve for answering");
        } finally {
            lambda.registerSingletons(invocationWithTimeLeft(900_000));
        }
        fake.reset();
        fake.enqueue(Fault.httpStatus(500));
        assertTrue(graph.sendMessage("1055", TEXT).startsWith("wamid."));
        assertEquals(2, fake.requestCount(), "with time left, the retry happens");
    }

    private static Context invocationWithTimeLeft(int millis) {
        return new MockLambdaContext() {
            @Override
            public int getRemainingTimeInMillis() {
                return millis;
            }
        };
    }

    @Test
    void rateLimitsMapTo429WithRetryAfter() {
        for (int code : new int[]{130429, 131056, 80007, 80008}) {
            ProblemException p = WhatsAppProblems.of(new GraphApiException(400, code, null, "limit", null, "t", null));
            assertEquals(429, p.problemType().status().getCode());
            assertTrue(Integer.parseInt(p.headers().get("Retry-After")) >= 1);
        }
        fake.enqueue(Fault.httpStatus(429));
        GraphApiException bare = assertThrows(GraphApiException.class, () -> graph.messageTemplates("w", null, 10));
        assertEquals(429, bare.httpStatus());
        assertEquals("whatsapp-rate-limited", WhatsAppProblems.of(bare).problemType().slug());
        assertEquals("60", WhatsAppProblems.of(bare).headers().get("Retry-After"));
    }

    @Test
    void theRetryBudgetStopsRetriesThatWouldOutliveIt() {
        RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(400), Duration.ofSeconds(2), Duration.ofSeconds(1));
        assertTrue(policy.allowsAnother(1, Duration.ofMillis(100), Duration.ofMillis(300)));
        assertFalse(policy.allowsAnother(2, Duration.ofMillis(800), Duration.ofMillis(300)), "would end past the budget");
        assertFalse(policy.allowsAnother(5, Duration.ZERO, Duration.ZERO), "no sixth attempt");
        for (int attempt = 1; attempt <= 10; attempt++) {
            long wait = policy.backoff(attempt).toMillis();
            long step = Math.min(2000, 400L << (attempt - 1));
            assertTrue(wait >= step / 2 && wait <= step, attempt + ": " + wait);
        }
    }

    @Test
    void anUploadReachesMetaAsMultipartWithEveryByteOfTheFile() throws Exception {
        // Bytes that look like the form's own syntax (a line break, two dashes, a closing boundary) and every byte value.
        byte[] file = new byte[256 + 40];
        for (int i = 0; i < 256; i++) {
            file[i] = (byte) i;
        }
        System.arraycopy("\r\n--wa-gateway-x--\r\n\r\n\"quoted\"\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0,
                file, 256, 28);

        String id = graph.uploadMedia("1234567", "image/png", "a \"name\"\r\n.png", file);

        var kept = fake.media().get(id);
        assertEquals("image/png", kept.mimeType());
        assertEquals(file.length, kept.size());
        assertEquals(java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(file)),
                kept.sha256());
        String contentType = fake.uploads().getFirst().headers().get("content-type");
        assertTrue(contentType.startsWith("multipart/form-data; boundary="), contentType);
    }

    @Test
    void primingSendsThroughTheClientToLoopbackAndNeverToMeta() {
        priming.beforeCheckpoint(null);

        assertEquals("wamid.priming", priming.lastWamid(), "the priming send did not go through");
        assertEquals(0, fake.requestCount(), "priming reached the configured Graph API");
        // The client still sends to Meta afterwards, with the real token.
        assertTrue(graph.sendMessage("1234567", TEXT).startsWith("wamid."));
        assertEquals("Bearer " + TOKEN, fake.sends().getFirst().headers().get("authorization"));
    }
}
