package dev.wagateway.mediajobs;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A 100 MB document end to end with the heap held to 256 MB (this module's tests run with {@code -Xmx256m}):
 * the download is streamed into the bucket, never held whole.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingTest {

    private static final long SIZE = 100L * 1024 * 1024;

    private MediaStack stack;

    @BeforeAll
    void start() {
        stack = new MediaStack(getClass().getSimpleName());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    @Test
    void aHundredMegabyteDocumentIsStreamedUnderA256MegabyteHeap() throws Exception {
        long maxHeap = Runtime.getRuntime().maxMemory();
        assertTrue(maxHeap <= 256L * 1024 * 1024, "run with -Xmx256m (max heap " + maxHeap + ")");
        stack.graph.recording(false);
        stack.graph.media().addGenerated("8100", SIZE, 42, "application/pdf");
        String sha = stack.graph.media().get("8100").sha256();
        System.gc();
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        String event = stack.receive("wamid.BIG", "document", "{\"filename\":\"big.pdf\",\"mime_type\":\"application/pdf\",\"id\":\"8100\"}");
        assertEquals(List.of(), stack.deliver(event).getBatchItemFailures());
        // A file held whole would be one humongous array, which G1 keeps in the old generation: its peak stays far
        // below the file's size when the bytes only stream through (young garbage churns in eden, not counted here).
        long oldPeak = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == java.lang.management.MemoryType.HEAP && pool.getName().contains("Old"))
                .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        java.lang.management.ManagementFactory.getMemoryPoolMXBeans().forEach(pool -> System.out.println(
                "heap pool " + pool.getName() + " peak " + pool.getPeakUsage().getUsed() / (1024 * 1024) + " MB"));
        assertTrue(oldPeak < SIZE / 2, "old generation peak " + oldPeak / (1024 * 1024) + " MB while streaming a "
                + SIZE / (1024 * 1024) + " MB file");
        String mediaId = stack.mediaIdOf("wamid.BIG");
        assertEquals("stored|" + SIZE + "|" + sha, stack.sql.queryValue(
                "SELECT status || '|' || file_size || '|' || sha256 FROM media WHERE media_id = '" + mediaId + "'"));
        try (S3Client client = stack.s3.client();
             InputStream object = client.getObject(r -> r.bucket(MediaStack.BUCKET).key("inbound/" + mediaId));
             DigestInputStream digest = new DigestInputStream(object, MessageDigest.getInstance("SHA-256"))) {
            assertEquals(SIZE, digest.transferTo(OutputStream.nullOutputStream()));
            assertEquals(sha, HexFormat.of().formatHex(digest.getMessageDigest().digest()));
        }
    }
}
