package dev.wagateway.dbmigrate.importer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.wagateway.dbmigrate.DatabaseSettingsResolver;
import dev.wagateway.dbmigrate.ImportHandler;
import dev.wagateway.dbmigrate.importer.source.S3ProxyBucket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.wagateway.dbmigrate.importer.S3ImportCommandTest.listing;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The import Lambda: an event naming an object in S3 in, the report as JSON out. */
class ImportHandlerTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    @TempDir
    Path downloads;

    private S3ProxyBucket s3;
    private ImportFixture target;
    private Path file;

    @BeforeEach
    void start() throws IOException {
        s3 = new S3ProxyBucket("wa-import");
        file = LegacyFile.copyOf("/legacy/sample-messy.db", dir);
        s3.put("uploads/legacy.db", file);
        target = new ImportFixture(getClass().getSimpleName());
    }

    @AfterEach
    void stop() {
        s3.close();
    }

    @Test
    void anEventImportsTheObjectAndAnswersTheReport() throws Exception {
        JsonNode answer = invoke(handler("wa-import"), Map.of("bucket", "wa-import", "key", "uploads/legacy.db",
                "dry_run", false, "unknown_tables", "stop", "default_region", "br"));

        assertTrue(answer.get("ok").asBoolean(), answer.toString());
        assertEquals("imported", answer.get("status").asText());
        assertEquals("s3://wa-import/uploads/legacy.db", answer.get("source").asText());
        assertEquals(target.value("SELECT id FROM import_runs WHERE status = 'completed'"), answer.get("run_id").asText());
        assertEquals("s3://wa-import/uploads/legacy.db", target.value("SELECT source_name FROM import_runs"));
        assertEquals("BR", target.value("SELECT options ->> 'default_region' FROM import_runs"));
        JsonNode tables = answer.get("tables");
        long sourceTotal = 0;
        for (String table : List.of("contacts", "messages", "media", "automation_logs")) {
            JsonNode report = tables.get(table);
            assertEquals(sqlite("SELECT count(*) FROM " + table), report.get("source").asLong(), table);
            assertEquals(target.count("SELECT count(*) FROM " + table), report.get("imported").asLong(), table);
            assertEquals(target.count("SELECT count(*) FROM import_rejects WHERE source_table = '" + table + "'"),
                    report.get("rejected").asLong(), table);
            assertEquals(target.count("SELECT count(*) FROM import_merges WHERE source_table = '" + table + "'"),
                    report.get("merged").asLong(), table);
            assertEquals(report.get("source").asLong(), report.get("imported").asLong() + report.get("merged").asLong()
                    + report.get("rejected").asLong() + report.get("skipped").asLong(), table);
            assertTrue(report.get("verification").get("ok").asBoolean(), table);
            assertEquals(target.value("SELECT verification #>> '{" + table + ",target,checksum}' FROM import_runs"),
                    report.get("verification").get("target_checksum").asText(), table);
        }
        for (JsonNode report : tables) {
            sourceTotal += report.get("source").asLong();
        }
        assertEquals(sourceTotal, answer.get("totals").get("source").asLong());
        assertEquals(List.of(), listing(downloads), "the copy in /tmp is deleted");
    }

    @Test
    void aDryRunAnswersTheReportAndWritesNothing() throws Exception {
        JsonNode answer = invoke(handler("wa-import"), Map.of("key", "uploads/legacy.db", "dry_run", true));
        assertTrue(answer.get("ok").asBoolean(), answer.toString());
        assertEquals("checked", answer.get("status").asText());
        assertEquals("s3://wa-import/uploads/legacy.db", answer.get("source").asText(), "the function's bucket by default");
        assertEquals(2000, answer.get("tables").get("messages").get("imported").asLong());
        assertEquals(0, target.count("SELECT count(*) FROM messages"));
        assertEquals(0, target.count("SELECT count(*) FROM import_runs"));
        assertEquals(List.of(), listing(downloads));
    }

    @Test
    void refusedEventsAnswerWhyAndTouchNeitherS3NorTheDatabase() throws Exception {
        Map<Map<String, Object>, String> refusals = new java.util.LinkedHashMap<>();
        refusals.put(Map.of(), "Empty event");
        refusals.put(Map.of("bucket", "wa-import"), "Missing 'key'");
        refusals.put(Map.of("key", "uploads/legacy.db", "dryrun", true), "Unknown field 'dryrun'");
        refusals.put(Map.of("key", "uploads/legacy.db", "dry_run", "yes"), "'dry_run' must be true or false");
        refusals.put(Map.of("key", "uploads/legacy.db", "unknown_tables", "drop"), "'unknown_tables' must be stop, carry or skip");
        refusals.put(Map.of("key", "uploads/legacy.db", "default_region", "XX"), "Unknown default region 'XX'");
        refusals.put(Map.of("key", 42), "'key' must be a string");
        ImportHandler handler = handler("wa-import");
        refusals.forEach((event, reason) -> {
            JsonNode answer = invoke(handler, event);
            assertFalse(answer.get("ok").asBoolean(), event.toString());
            assertEquals("refused", answer.get("status").asText(), event.toString());
            assertTrue(answer.get("error").asText().startsWith(reason), event + " -> " + answer);
        });
        JsonNode noBucket = invoke(handler(null), Map.of("key", "uploads/legacy.db"));
        assertTrue(noBucket.get("error").asText().startsWith("Missing 'bucket'"), noBucket.toString());
        assertEquals(List.of(), s3.requests);
        assertEquals(0, target.count("SELECT count(*) FROM import_runs"));
    }

    @Test
    void aMissingObjectIsAClearRefusal() throws Exception {
        JsonNode answer = invoke(handler("wa-import"), Map.of("key", "uploads/typo.db"));
        assertEquals("refused", answer.get("status").asText());
        assertEquals("Cannot read s3://wa-import/uploads/typo.db: the bucket has no object with that key (NoSuchKey)",
                answer.get("error").asText());
        assertEquals(0, target.count("SELECT count(*) FROM import_runs"));
        assertEquals(List.of(), listing(downloads));
    }

    @Test
    void aFileThatIsNotSqliteIsRefusedAndTheCopyIsStillDeleted() throws Exception {
        s3.put("uploads/not-sqlite.db", "this is a CSV export, not a database\n".repeat(200).getBytes(StandardCharsets.UTF_8));
        JsonNode answer = invoke(handler("wa-import"), Map.of("key", "uploads/not-sqlite.db"));
        assertFalse(answer.get("ok").asBoolean());
        assertEquals("refused", answer.get("status").asText());
        assertEquals("s3://wa-import/uploads/not-sqlite.db is not a SQLite database (it does not start with the SQLite file header). "
                + "Nothing was written.", answer.get("error").asText());
        assertEquals(0, target.count("SELECT count(*) FROM import_runs"));
        assertEquals(List.of(), listing(downloads));
    }

    @Test
    void aFailedImportIsAnAnswerNotAStackTraceAndTheCopyIsStillDeleted() throws Exception {
        Path broken = LegacyFile.withAnIdThatCannotStayUnique(dir, "same-id");
        s3.put("uploads/same-id.db", broken);
        JsonNode answer = invoke(handler("wa-import"), Map.of("key", "uploads/same-id.db"));
        assertFalse(answer.get("ok").asBoolean());
        assertEquals("failed", answer.get("status").asText());
        String error = answer.get("error").asText();
        assertTrue(error.contains("messages_pkey"), error);
        assertFalse(error.contains("\tat ") || error.contains("\n"), error);
        assertEquals("failed", target.value("SELECT status FROM import_runs"));
        assertEquals(0, target.count("SELECT count(*) FROM messages"));
        assertEquals(List.of(), listing(downloads));
    }

    private ImportHandler handler(String defaultBucket) {
        DatabaseSettingsResolver resolver = new DatabaseSettingsResolver(Map.of(
                DatabaseSettingsResolver.URL, target.database.jdbcUrl(),
                DatabaseSettingsResolver.USERNAME, target.database.username(),
                DatabaseSettingsResolver.PASSWORD, target.database.password()), () -> {
            throw new AssertionError("no secret is named");
        });
        return new ImportHandler(resolver, s3::client, downloads, defaultBucket);
    }

    /** The answer as the Lambda runtime sends it: serialised to JSON. */
    private static JsonNode invoke(ImportHandler handler, Map<String, Object> event) {
        try {
            return JSON.readTree(JSON.writeValueAsString(handler.handleRequest(new HashMap<>(event), null)));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private long sqlite(String query) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }
}
