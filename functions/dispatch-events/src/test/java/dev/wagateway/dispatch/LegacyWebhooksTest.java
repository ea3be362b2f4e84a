package dev.wagateway.dispatch;

import dev.wagateway.delivery.SignatureScheme;
import dev.wagateway.delivery.SubscribedEvents;
import dev.wagateway.delivery.Subscription;
import dev.wagateway.delivery.Subscriptions;
import dev.wagateway.events.EventType;
import dev.wagateway.events.NewEvent;
import dev.wagateway.events.OutboxWriter;
import io.micronaut.context.ApplicationContext;
import io.micronaut.transaction.TransactionOperations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The legacy file's webhooks rows, imported by db-migrate as they were, are working subscriptions:
 * their legacy event names read as types, their secret signs the old gateway's way.
 */
class LegacyWebhooksTest {

    private static final Path REPOSITORY = Path.of("").toAbsolutePath().getParent().getParent();
    private static final Path SAMPLE = REPOSITORY.resolve("functions/db-migrate/src/test/resources/legacy/sample-messy.db");

    @TempDir
    Path temporary;

    @Test
    void importedWebhooksRowsReceiveWhatTheySubscribedToSignedAsBefore() throws Exception {
        try (EventsStack stack = new EventsStack(getClass().getSimpleName()); LoopbackSubscriber subscriber = new LoopbackSubscriber()) {
            importSample(stack);
            ApplicationContext context = stack.context(Map.of());
            stack.dispatchers(context, 1);
            Subscriptions subscriptions = context.getBean(Subscriptions.class);
            Subscription imported = subscriptions.find("wh_1").orElseThrow();
            assertEquals(SignatureScheme.HMAC_SHA256_HEX, imported.signatureScheme());
            assertEquals("s3cr3t", imported.secret());
            assertTrue(imported.active());
            assertEquals(List.of("message.received", "message.status"), SubscribedEvents.types(imported.events()));
            assertEquals(List.of(), SubscribedEvents.unknown(imported.events()));

            // Its receiver moved to this machine (the legacy URL is not reachable from a test).
            subscriptions.update("wh_1", subscriber.url(), null, null, false, null, null).orElseThrow();
            write(context, List.of(
                    NewEvent.about(EventType.MESSAGE_RECEIVED, "+15550100900", Map.of("message", Map.of("content", "hi"))),
                    NewEvent.about(EventType.CONTACT_CREATED, "+15550100900", Map.of("contact", Map.of())),
                    NewEvent.about(EventType.MESSAGE_STATUS, "+15550100900", Map.of("status", "read"))));

            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (subscriber.accepted().size() < 2) {
                assertTrue(System.nanoTime() < deadline, "got " + subscriber.received().size());
                Thread.sleep(25);
            }
            Thread.sleep(500);
            assertEquals(2, subscriber.received().size(), "message.received and message.status only, not contact.created");
            for (LoopbackSubscriber.Received received : subscriber.received()) {
                assertEquals("sha256=" + hex("s3cr3t", received.body()), received.header("X-Hub-Signature-256"));
                assertTrue(received.body().contains("\"type\":\"message.") , received.body());
            }
        }
    }

    /** {@code db-migrate import-sqlite}, its jar run as an operator runs it. */
    private void importSample(EventsStack stack) throws Exception {
        Path jar = REPOSITORY.resolve("functions/db-migrate/target/db-migrate-0.1.0-SNAPSHOT.jar");
        assertTrue(Files.isRegularFile(jar), "build db-migrate first (the reactor builds it before this module): " + jar);
        Path file = Files.copy(SAMPLE, temporary.resolve("legacy.db"));
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "import-sqlite", file.toString()).redirectErrorStream(true)
                // To a file, not a pipe: reading a pipe to its end would wait for ever on a child that hangs.
                .redirectOutput(temporary.resolve("import.log").toFile());
        builder.environment().put("DATASOURCES_DEFAULT_URL", stack.database.jdbcUrl());
        builder.environment().put("DATASOURCES_DEFAULT_USERNAME", stack.database.username());
        builder.environment().put("DATASOURCES_DEFAULT_PASSWORD", stack.database.password());
        Process process = builder.start();
        boolean finished = process.waitFor(120, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(temporary.resolve("import.log"), StandardCharsets.UTF_8);
        assertTrue(finished, "the import did not finish in 120 s: " + output);
        assertEquals(0, process.exitValue(), output);
    }

    @SuppressWarnings("unchecked")
    private static void write(ApplicationContext context, List<NewEvent> events) {
        TransactionOperations<Connection> transactions = context.getBean(TransactionOperations.class);
        transactions.executeWrite(status -> {
            try {
                return context.getBean(OutboxWriter.class).write(events);
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String hex(String secret, String body) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }
}
