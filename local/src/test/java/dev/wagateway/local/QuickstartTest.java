package dev.wagateway.local;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The quickstart's commands, run through bash exactly as printed, against a local server. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// The first case starts from an empty database, as a first run does.
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class QuickstartTest {

    private static final Pattern STATUS_AT_END = Pattern.compile("(?m) (\\d{3})$");

    @TempDir
    static Path home;

    private Sql sql;
    private LocalServer server;

    @BeforeAll
    void start() throws IOException {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        sql = new Sql(database);
        server = LocalServer.start(new LocalServer.Options(database, Calls.freePort(), false, home.resolve("local-api-key")));
    }

    @AfterAll
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void everyPrintedCommandWorksAndStoresWhatItSays() {
        assumeTrue(toolsPresent(), "bash, curl, openssl and awk are needed to run the printed commands");
        Map<String, String> environment = Map.of();
        List<Quickstart.Step> steps = Quickstart.steps(server, environment);
        String printed = Quickstart.render(server, environment, "a test database", home.toString());
        assertTrue(printed.contains(Quickstart.setup(server)));
        steps.forEach(step -> step.lines().forEach(line -> assertTrue(printed.contains("  " + line + "\n"), line)));
        assertEquals(8, steps.size());

        assertEquals(List.of("201"), statuses(run(steps.get(0), Map.of())), "subscribed");
        assertEquals(List.of("201"), statuses(run(steps.get(1), Map.of())));
        assertEquals(List.of("202"), statuses(run(steps.get(2), Map.of())));
        String templates = run(steps.get(3), Map.of());
        assertEquals(List.of("200", "200"), statuses(templates));
        assertTrue(templates.contains("\"name\":\"order_update\""), templates);
        String handshake = run(steps.get(4), Map.of());
        assertEquals("1158201444 200\n", handshake);
        assertEquals(List.of("200"), statuses(run(steps.get(5), Map.of())));
        String messages = run(steps.get(6), Map.of());
        assertEquals(List.of("200"), statuses(messages));
        assertTrue(messages.contains("wamid.LOCAL-QUICKSTART-1") && messages.contains("Hello from wa-gateway"), messages);

        String events = run(steps.get(7), Map.of());
        assertEquals(List.of("200"), statuses(events));
        assertTrue(events.contains("\"type\":\"message.received\""), events);
        awaitReceived(List.of("contact.created", "message.created", "template.updated", "message.received"));

        assertEquals(List.of("200"), statuses(run(steps.get(1), Map.of())), "the contact again: updated");
        assertEquals("Ana", sql.queryValue("SELECT name FROM contacts WHERE phone = '+16505551234' AND deleted_at IS NULL"));
        assertEquals("inbound|received|Hi! Is my order on its way?,outbound|sent|Hello from wa-gateway", sql.queryValue(
                "SELECT string_agg(direction || '|' || status || '|' || content, ',' ORDER BY direction) FROM messages"
                        + " WHERE phone = '+16505551234'"));
        assertEquals("3", sql.queryValue("SELECT count(*) FROM templates"));
    }

    @Test
    @Order(2)
    void webhookCredentialsFromTheEnvironmentAreReferredToNeverPrinted() {
        assumeTrue(toolsPresent(), "bash, curl, openssl and awk are needed to run the printed commands");
        Map<String, String> environment = Map.of(Quickstart.APP_SECRET_VARIABLE, server.appSecret(),
                Quickstart.VERIFY_TOKEN_VARIABLE, server.verifyToken());
        String printed = Quickstart.render(server, environment, "a test database", home.toString());
        assertFalse(printed.contains(server.appSecret()), printed);
        assertFalse(printed.contains(server.verifyToken()), printed);

        List<Quickstart.Step> steps = Quickstart.steps(server, environment);
        assertEquals("1158201444 200\n", run(steps.get(4), environment));
        assertEquals(List.of("200"), statuses(run(steps.get(5), environment)));
        assertEquals("1", sql.queryValue("SELECT count(*) FROM messages WHERE whatsapp_message_id = 'wamid.LOCAL-QUICKSTART-1'"));
    }

    /** The quickstart receiver got an event of each type (pushed through ElasticMQ and the in-process dispatcher). */
    private void awaitReceived(List<String> types) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!server.received().stream().map(QuickstartReceiver.Received::type).toList().containsAll(types)) {
            assertTrue(System.nanoTime() < deadline, "received only " + server.received());
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        server.received().forEach(r -> assertTrue(r.signature() != null && r.signature().startsWith("v1,"), r.toString()));
    }

    /** Runs the setup line and a step's lines in one bash, as a user pasting them would; its standard output. */
    private String run(Quickstart.Step step, Map<String, String> environment) {
        String script = "set -euo pipefail\n" + Quickstart.setup(server) + "\n" + String.join("\n", step.lines()) + "\n";
        try {
            ProcessBuilder builder = new ProcessBuilder("bash", "-c", script);
            builder.environment().remove(Quickstart.APP_SECRET_VARIABLE);
            builder.environment().remove(Quickstart.VERIFY_TOKEN_VARIABLE);
            builder.environment().putAll(environment);
            Process process = builder.redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "bash did not finish");
            assertEquals(0, process.exitValue(), "bash failed on:\n" + script + "\noutput:\n" + output);
            return output;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** The HTTP statuses curl wrote at the ends of lines ({@code -w ' %{http_code}\n'}). */
    private static List<String> statuses(String output) {
        List<String> statuses = new ArrayList<>();
        Matcher matcher = STATUS_AT_END.matcher(output);
        while (matcher.find()) {
            statuses.add(matcher.group(1));
        }
        return statuses;
    }

    private static boolean toolsPresent() {
        try {
            Process probe = new ProcessBuilder("bash", "-c", "command -v curl && command -v openssl && command -v awk")
                    .redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            return probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
