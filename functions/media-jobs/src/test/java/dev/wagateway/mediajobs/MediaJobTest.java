package dev.wagateway.mediajobs;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import dev.wagateway.fakegraph.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MediaJobTest {

    private MediaStack stack;
    private int wamids;

    @BeforeAll
    void start() {
        stack = new MediaStack(getClass().getSimpleName());
    }

    @AfterAll
    void stop() {
        stack.close();
    }

    private String wamid() {
        return "wamid.MEDIA" + (++wamids);
    }

    private static byte[] bytes(int size, int seed) {
        byte[] body = new byte[size];
        new Random(seed).nextBytes(body);
        return body;
    }

    private static byte[] sha256(byte[] body) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(body);
    }

    private byte[] object(String key) {
        try (S3Client client = stack.s3.client()) {
            return client.getObjectAsBytes(r -> r.bucket(MediaStack.BUCKET).key(key)).asByteArray();
        }
    }

    private String row(String mediaId) {
        return stack.sql.queryValue("SELECT status || '|' || coalesce(mime_type, '') || '|' || coalesce(file_size::text, '') || '|' "
                + "|| coalesce(object_key, '') || '|' || attempts FROM media WHERE media_id = '" + mediaId + "'");
    }

    private String events(String type, String mediaId) {
        return stack.sql.queryValue("SELECT count(*) FROM events WHERE type = '" + type + "' AND data->'media'->>'id' = '" + mediaId + "'");
    }

    @ParameterizedTest
    @CsvSource({
            "image, image/jpeg, '{\"mime_type\":\"image/jpeg\",\"sha256\":\"%s\",\"id\":\"%s\",\"caption\":\"look\"}'",
            "document, application/pdf, '{\"caption\":\"invoice\",\"filename\":\"invoice-2026-11.pdf\",\"mime_type\":\"application/pdf\",\"sha256\":\"%s\",\"id\":\"%s\"}'",
            "audio, audio/ogg; codecs=opus, '{\"mime_type\":\"audio/ogg; codecs=opus\",\"sha256\":\"%s\",\"id\":\"%s\",\"voice\":true}'",
            "video, video/mp4, '{\"mime_type\":\"video/mp4\",\"sha256\":\"%s\",\"id\":\"%s\"}'",
            "sticker, image/webp, '{\"mime_type\":\"image/webp\",\"sha256\":\"%s\",\"id\":\"%s\",\"animated\":false}'"})
    void everyMediaTypeIsStreamedIntoTheBucketWithItsSha256CheckedAndAnnouncedOnce(String type, String mime, String object)
            throws Exception {
        byte[] body = bytes(300_000 + type.length(), type.hashCode());
        String metaId = String.valueOf(9_000_000 + Math.abs(type.hashCode() % 100_000));
        stack.graph.media().add(metaId, body, mime);
        String wamid = wamid();
        String event = stack.receive(wamid, type, object.formatted(Base64.getEncoder().encodeToString(sha256(body)), metaId));
        String mediaId = stack.mediaIdOf(wamid);
        assertEquals("pending|" + mime + "||" + "|0", row(mediaId));
        assertEquals(mediaId, stack.sql.queryValue("SELECT data->'message'->'media'->>'id' FROM events WHERE id = '" + event + "'"));
        assertEquals("pending", stack.sql.queryValue("SELECT data->'message'->'media'->>'status' FROM events WHERE id = '" + event + "'"));

        SQSBatchResponse response = stack.deliver(event);
        assertEquals(List.of(), response.getBatchItemFailures());
        assertEquals("stored|" + mime + "|" + body.length + "|inbound/" + mediaId + "|1", row(mediaId));
        assertArrayEquals(body, object("inbound/" + mediaId));
        assertEquals(HexFormat.of().formatHex(sha256(body)),
                stack.sql.queryValue("SELECT sha256 FROM media WHERE media_id = '" + mediaId + "'"));
        assertEquals("1", events("media.stored", mediaId));

        // At least once: the same event again fetches nothing and announces nothing.
        int lookups = stack.graph.requestCount();
        assertEquals(List.of(), stack.deliver(event, event).getBatchItemFailures());
        assertEquals(lookups, stack.graph.requestCount());
        assertEquals("1", events("media.stored", mediaId));
    }

    @Test
    void aUrlThatExpiredBeforeTheDownloadIsAskedForAgain() throws Exception {
        byte[] body = bytes(70_000, 1);
        stack.graph.media().add("5100", body, "image/png");
        String wamid = wamid();
        String event = stack.receive(wamid, "image", "{\"mime_type\":\"image/png\",\"id\":\"5100\"}");
        stack.graph.media().expireNext(1);
        stack.deliver(event);
        String mediaId = stack.mediaIdOf(wamid);
        assertEquals("stored|image/png|70000|inbound/" + mediaId + "|1", row(mediaId));
        assertArrayEquals(body, object("inbound/" + mediaId));
        long lookups = stack.graph.requests().stream().filter(r -> r.path().endsWith("/5100")).count();
        assertEquals(2, lookups, "a second GET /{media-id} for a fresh URL");
    }

    @Test
    void aDownloadThatFailsIsTriedAgainLaterApartFromTheMessageAndThenStored() throws Exception {
        byte[] body = bytes(50_000, 2);
        stack.graph.media().add("5200", body, "video/mp4");
        String wamid = wamid();
        String event = stack.receive(wamid, "video", "{\"mime_type\":\"video/mp4\",\"id\":\"5200\"}");
        String mediaId = stack.mediaIdOf(wamid);
        // The lookup answers, the download gets Meta's 500.
        stack.graph.enqueue(Fault.pass(), Fault.httpStatus(500));
        assertEquals(List.of(), stack.deliver(event).getBatchItemFailures(), "the retry is the media row's, not SQS's");
        assertEquals("pending|video/mp4|||1", row(mediaId));
        assertTrue(stack.sql.queryValue("SELECT error FROM media WHERE media_id = '" + mediaId + "'").contains("500"));
        assertEquals("t", stack.sql.queryValue("SELECT next_attempt_at > now() FROM media WHERE media_id = '" + mediaId + "'"));

        MediaRetrySweep sweep = stack.context.getBean(MediaRetrySweep.class);
        assertEquals(Map.of(), sweep.run(Instant.now()), "not due yet");
        assertEquals(Map.of(MediaFetcher.Outcome.STORED, 1), sweep.run(Instant.now().plus(1, ChronoUnit.HOURS)));
        assertEquals("stored|video/mp4|50000|inbound/" + mediaId + "|2", row(mediaId));
        assertArrayEquals(body, object("inbound/" + mediaId));
        assertEquals("1", events("media.stored", mediaId));
    }

    @Test
    void aFileWhoseSha256IsNotMetasIsRefusedRecordedAndAnnounced() {
        stack.graph.media().add("5300", "tampered".getBytes(StandardCharsets.UTF_8), "application/pdf");
        stack.graph.media().announceWrongSha256("5300");
        String wamid = wamid();
        String event = stack.receive(wamid, "document", "{\"filename\":\"a.pdf\",\"mime_type\":\"application/pdf\",\"id\":\"5300\"}");
        stack.deliver(event);
        String mediaId = stack.mediaIdOf(wamid);
        assertEquals("failed|application/pdf|||1", row(mediaId));
        assertTrue(stack.sql.queryValue("SELECT error FROM media WHERE media_id = '" + mediaId + "'").startsWith("sha256 mismatch"));
        assertEquals("1", events("media.failed", mediaId));
        assertEquals("0", events("media.stored", mediaId));
        assertThrows(NoSuchKeyException.class, () -> object("inbound/" + mediaId), "nothing kept in the bucket");
    }

    @Test
    void theWebhooksSha256IsCheckedTooAndAnIdMetaNoLongerHasFailsAtOnce() throws Exception {
        byte[] body = bytes(1000, 3);
        stack.graph.media().add("5400", body, "image/jpeg");
        String wamid = wamid();
        String event = stack.receive(wamid, "image", "{\"mime_type\":\"image/jpeg\",\"sha256\":\""
                + Base64.getEncoder().encodeToString(sha256(new byte[] {1})) + "\",\"id\":\"5400\"}");
        stack.deliver(event);
        assertEquals("failed", stack.sql.queryValue("SELECT status FROM media WHERE media_id = '" + stack.mediaIdOf(wamid) + "'"));

        String gone = wamid();
        String second = stack.receive(gone, "audio", "{\"mime_type\":\"audio/ogg\",\"id\":\"5499\"}");
        stack.deliver(second);
        String mediaId = stack.mediaIdOf(gone);
        assertEquals("failed|audio/ogg|||1", row(mediaId));
        assertTrue(stack.sql.queryValue("SELECT error FROM media WHERE media_id = '" + mediaId + "'").contains("no longer has"));
        assertEquals("1", events("media.failed", mediaId));
    }

    @Test
    void aMessageThatNamesNoEventIsReportedFailedAndOthersInTheBatchGoOn() {
        stack.graph.media().add("5500", bytes(10, 4), "image/jpeg");
        String wamid = wamid();
        String event = stack.receive(wamid, "image", "{\"mime_type\":\"image/jpeg\",\"id\":\"5500\"}");
        com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage bad = new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
        bad.setMessageId("bad");
        bad.setBody("not json");
        com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage good = new com.amazonaws.services.lambda.runtime.events.SQSEvent.SQSMessage();
        good.setMessageId("good");
        good.setBody("{\"event_id\":\"" + event + "\"}");
        com.amazonaws.services.lambda.runtime.events.SQSEvent batch = new com.amazonaws.services.lambda.runtime.events.SQSEvent();
        batch.setRecords(List.of(bad, good));
        SQSBatchResponse response = stack.handler.handleRequest(batch, dev.wagateway.lambdaevents.LambdaEvents.context());
        assertEquals(List.of("bad"), response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList());
        assertEquals("stored", stack.sql.queryValue("SELECT status FROM media WHERE media_id = '" + stack.mediaIdOf(wamid) + "'"));
    }
}
