package dev.wagateway.mediajobs;

import dev.wagateway.lambdaevents.LambdaEvents;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The legacy blobs of a make-sample-db file (db-migrate's {@code sample-messy.db}) moved into the bucket and counted:
 * the rows are put in {@code media} as the import leaves them (its defaults: source legacy, status pending).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LegacyMediaTest {

    private static final Path SAMPLE = Path.of("../db-migrate/src/test/resources/legacy/sample-messy.db");

    private MediaStack stack;
    private long withBlob;
    private long withoutBlob;

    @BeforeAll
    void start() throws Exception {
        stack = new MediaStack(getClass().getSimpleName());
        assertTrue(Files.exists(SAMPLE), SAMPLE.toAbsolutePath().toString());
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite:" + SAMPLE.toAbsolutePath());
             Connection pg = stack.sql.connect();
             PreparedStatement insert = pg.prepareStatement("INSERT INTO media (id, whatsapp_media_id, mime_type, file_name, file_size, "
                     + "storage_path, data) VALUES (?, ?, ?, ?, ?, ?, ?)");
             ResultSet rows = sqlite.createStatement().executeQuery(
                     "SELECT id, whatsapp_media_id, mime_type, file_name, file_size, storage_path, data FROM media")) {
            while (rows.next()) {
                insert.setLong(1, rows.getLong(1));
                insert.setString(2, rows.getString(2));
                insert.setString(3, rows.getString(3));
                insert.setString(4, rows.getString(4));
                insert.setLong(5, rows.getLong(5));
                insert.setString(6, rows.getString(6));
                byte[] data = rows.getBytes(7);
                insert.setBytes(7, data);
                insert.executeUpdate();
                if (data == null) {
                    withoutBlob++;
                } else {
                    withBlob++;
                }
            }
        }
        assertTrue(withBlob > 100 && withoutBlob > 100, withBlob + " / " + withoutBlob);
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void everyBlobBecomesAnObjectOnceAndRunsResumeWhereTheLastStopped() throws Exception {
        LegacyMediaMove move = stack.context.getBean(LegacyMediaMove.class);
        // A run out of time at once moves one row and says it is not done.
        LegacyMediaMove.Report first = move.run(Duration.ZERO);
        assertEquals(1, first.objectsWritten() + first.withoutBlob());
        assertEquals(withBlob + withoutBlob - 1, first.pending());
        assertTrue(!first.done());

        LegacyMediaMove.Report rest = new LegacyMediaHandler(stack.context).handleRequest(Map.of(), LambdaEvents.context());
        assertTrue(rest.done());
        assertEquals(0, rest.pending());
        assertEquals(withBlob, first.objectsWritten() + rest.objectsWritten(), "objects written = rows with data");
        assertEquals(withoutBlob, first.withoutBlob() + rest.withoutBlob());

        assertEquals(String.valueOf(withBlob), stack.sql.queryValue("SELECT count(*) FROM media WHERE status = 'stored' AND data IS NOT NULL "
                + "AND object_key = 'legacy/' || id AND media_id IS NOT NULL AND file_size = length(data)"));
        assertEquals(String.valueOf(withoutBlob), stack.sql.queryValue("SELECT count(*) FROM media WHERE status = 'failed' "
                + "AND data IS NULL AND storage_path IS NOT NULL AND error LIKE '%storage_path ' || storage_path || '%'"));
        try (S3Client client = stack.s3.client()) {
            assertEquals(withBlob, client.listObjectsV2Paginator(r -> r.bucket(MediaStack.BUCKET).prefix("legacy/")).contents().stream().count());
            String id = stack.sql.queryValue("SELECT min(id) FROM media WHERE data IS NOT NULL");
            byte[] object = client.getObjectAsBytes(r -> r.bucket(MediaStack.BUCKET).key("legacy/" + id)).asByteArray();
            assertEquals(stack.sql.queryValue("SELECT encode(data, 'hex') FROM media WHERE id = " + id), HexFormat.of().formatHex(object));
            assertEquals(stack.sql.queryValue("SELECT sha256 FROM media WHERE id = " + id),
                    HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(object)));
        }

        // Again: nothing left to move, nothing written twice.
        LegacyMediaMove.Report again = move.run(Duration.ofMinutes(1));
        assertEquals(new LegacyMediaMove.Report(0, 0, 0, 0, true), again);
    }
}
