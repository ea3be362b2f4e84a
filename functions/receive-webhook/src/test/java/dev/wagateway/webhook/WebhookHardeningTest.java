package dev.wagateway.webhook;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.wagateway.webhook.Samples.TEXT_WAMID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What acceptance testing found in the webhook: strict bodies, nothing set aside, edits, times, raw copies, media. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookHardeningTest implements FreshDatabase {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final String SENDER = "16505551234";

    @Inject
    @Client("/")
    HttpClient client;

    private Sql sql;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.putAll(Samples.credentials());
    }

    @Test
    void anythingButExactlyOneJsonObjectInUtf8IsRefusedAndNothingIsStored() {
        String wamid = wamid();
        String text = new String(Samples.bytes("inbound-text", TEXT_WAMID, wamid), StandardCharsets.UTF_8);
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        bodies.put("text after the object", (text + " xyz").getBytes(StandardCharsets.UTF_8));
        bodies.put("two deliveries glued together", (text + text.replace(wamid, wamid + "b")).getBytes(StandardCharsets.UTF_8));
        bodies.put("a duplicate key", text.replace("{\"object\":\"whatsapp_business_account\",",
                "{\"object\":\"whatsapp_business_account\",\"object\":\"whatsapp_business_account\",").getBytes(StandardCharsets.UTF_8));
        bodies.put("a duplicate key in an item", text.replace("\"type\":\"text\",", "\"type\":\"text\",\"type\":\"image\",")
                .getBytes(StandardCharsets.UTF_8));
        bodies.put("a byte order mark", concat(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, text.getBytes(StandardCharsets.UTF_8)));
        bodies.put("UTF-16LE", text.getBytes(StandardCharsets.UTF_16LE));
        bodies.put("UTF-16 with its mark", text.getBytes(StandardCharsets.UTF_16));
        bodies.put("bytes that are not UTF-8", text.replace("another color", "another colo\u00ff")
                .getBytes(StandardCharsets.ISO_8859_1));
        bodies.forEach((what, body) -> {
            HttpResponse<String> answer = post(body);
            assertEquals(400, answer.code(), what + ": " + answer.getBody(String.class).orElse(""));
            assertTrue(answer.getBody(String.class).orElse("").contains("urn:wa-gateway:problem:malformed-request"), what);
        });
        assertEquals("0", sql.queryValue("SELECT count(*) FROM messages WHERE whatsapp_message_id LIKE '" + wamid + "%'"));
        assertEquals("0", sql.queryValue("SELECT count(*) FROM webhook_rejects WHERE item_json LIKE '%" + wamid + "%'"));
        assertEquals(200, post(text.getBytes(StandardCharsets.UTF_8)).code(), "the same delivery, sent as it should be");
    }

    @Test
    void aChangeThatCarriesOnlyContactsIsKept() {
        String waId = "1650555" + (1000 + SEQUENCE.incrementAndGet());
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Only Contact\"},\"wa_id\":\""
                + waId + "\"}]},\"field\":\"messages\"}]}]}";
        assertEquals(200, post(body.getBytes(StandardCharsets.UTF_8)).code());
        assertEquals("1", sql.queryValue("SELECT count(*) FROM webhook_kept_events WHERE payload::text LIKE '%" + waId + "%'"));
    }

    @Test
    void anEditOrARevokeIsAppliedToTheMessageItNamesAndCountsNothing() {
        String phone = "1650556" + (1000 + SEQUENCE.incrementAndGet());
        String original = wamid();
        assertEquals(200, post(Samples.bytes("inbound-text", TEXT_WAMID, original, SENDER, phone)).code());
        String counters = counters("+" + phone);

        String edit = wamid();
        assertEquals(200, post(change(phone, edit, "\"type\":\"edit\",\"edit\":{\"original_message_id\":\"" + original
                + "\",\"message\":{\"type\":\"text\",\"text\":{\"body\":\"Actually, in blue?\"}}}")).code());
        String where = " FROM messages WHERE whatsapp_message_id = '" + original + "'";
        assertEquals("Actually, in blue?", sql.queryValue("SELECT content" + where));
        assertEquals("Does it come in another color? Olá, ação 😀",
                sql.queryValue("SELECT metadata->'edits'->0->>'previous_content'" + where), "the text before the edit is kept");
        assertEquals(edit, sql.queryValue("SELECT metadata->'edits'->0->>'wamid'" + where));

        String revoke = wamid();
        assertEquals(200, post(change(phone, revoke, "\"type\":\"revoke\",\"revoke\":{\"original_message_id\":\"" + original + "\"}"))
                .code());
        assertEquals(revoke, sql.queryValue("SELECT metadata->'revoked'->>'wamid'" + where));
        // Redelivered, the edit is applied once.
        assertEquals(200, post(change(phone, edit, "\"type\":\"edit\",\"edit\":{\"original_message_id\":\"" + original
                + "\",\"message\":{\"type\":\"text\",\"text\":{\"body\":\"Actually, in blue?\"}}}")).code());
        assertEquals("1", sql.queryValue("SELECT jsonb_array_length(metadata->'edits')" + where));

        assertEquals("1", sql.queryValue("SELECT count(*) FROM messages WHERE phone = '+" + phone + "'"), "no new message");
        assertEquals(counters, counters("+" + phone), "nothing counted");
    }

    @Test
    void anEditOfAMessageThisServiceNeverSawIsKept() {
        String phone = "1650557" + (1000 + SEQUENCE.incrementAndGet());
        String edit = wamid();
        assertEquals(200, post(change(phone, edit, "\"type\":\"edit\",\"edit\":{\"original_message_id\":\"wamid.unknown"
                + edit + "\",\"message\":{\"type\":\"text\",\"text\":{\"body\":\"new\"}}}")).code());
        assertEquals("0", sql.queryValue("SELECT count(*) FROM messages WHERE phone = '+" + phone + "'"));
        assertEquals("1", sql.queryValue("SELECT count(*) FROM webhook_kept_events WHERE payload::text LIKE '%" + edit + "%'"));
    }

    @Test
    void aTimestampFarAheadKeepsMetasValueInTheRawCopyAndUsesTheReceiveTime() {
        String phone = "1650558" + (1000 + SEQUENCE.incrementAndGet());
        String wamid = wamid();
        assertEquals(200, post(Samples.bytes("inbound-text", TEXT_WAMID, wamid, SENDER, phone, "1763793600", "99999999999")).code());
        String where = " FROM messages WHERE whatsapp_message_id = '" + wamid + "'";
        assertEquals("99999999999", sql.queryValue("SELECT metadata->'whatsapp'->>'timestamp'" + where));
        assertEquals("t", sql.queryValue("SELECT abs(extract(epoch FROM created_at - now())) < 300" + where));
        assertEquals("t", sql.queryValue("SELECT last_message_at < now() + interval '1 day' FROM contacts WHERE phone = '+" + phone + "'"));
    }

    @Test
    void rawCopiesKeepTheItemAsReceived() {
        String wamid = wamid();
        String numbers = "\"figures\":{\"long\":0.12345678901234567890123,\"huge\":1e400,\"exponent\":1E+2}";
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid, "\"type\":\"text\",", "\"type\":\"text\"," + numbers + ",");
        assertEquals(200, post(body).code());
        String where = " FROM messages WHERE whatsapp_message_id = '" + wamid + "'";
        assertEquals("0.12345678901234567890123", sql.queryValue("SELECT metadata #>> '{whatsapp,figures,long}'" + where));
        assertEquals("1" + "0".repeat(400), sql.queryValue("SELECT metadata #>> '{whatsapp,figures,huge}'" + where));
        assertEquals("100", sql.queryValue("SELECT metadata #>> '{whatsapp,figures,exponent}'" + where));

        // A reject keeps the item's text byte for byte.
        String bad = wamid();
        String item = "{\"from\":\"not-a-phone\",\"timestamp\":\"1763793600\",\"id\":\"" + bad + "\",\"type\":\"text\"," + numbers
                + ",\"text\":{\"body\":\"caf\\u00e9\"}}";
        assertEquals(200, post(change(SENDER, item)).code());
        assertEquals(item, sql.queryValue("SELECT item_json FROM webhook_rejects WHERE item_json LIKE '%" + bad + "%'"));
    }

    @Test
    void aMediaObjectsUrlIsTheMessagesMediaUrl() {
        String wamid = wamid();
        String url = "https://lookaside.fbsbx.com/whatsapp_business/attachments/?mid=1003383421387256&ext=1763793600";
        byte[] body = Samples.bytes("inbound-image", "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ02RgA=", wamid,
                "\"id\":\"1003383421387256\"", "\"id\":\"1003383421387256\",\"url\":\"" + url.replace("/", "\\/") + "\"");
        assertEquals(200, post(body).code());
        assertEquals(url, sql.queryValue("SELECT media_url FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
    }

    // --- helpers

    /** A delivery of one message item from {@code phone}, given the item's type and payload. */
    private static byte[] change(String phone, String wamid, String typed) {
        return change(phone, "{\"from\":\"" + phone + "\",\"timestamp\":\"1763793700\",\"id\":\"" + wamid + "\"," + typed + "}");
    }

    private static byte[] change(String phone, String item) {
        return ("{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"102290129340398\",\"changes\":[{\"value\":"
                + "{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550783881\","
                + "\"phone_number_id\":\"106540352242922\"},\"contacts\":[{\"profile\":{\"name\":\"Edit Tester\"},\"wa_id\":\""
                + phone + "\"}],\"messages\":[" + item + "]},\"field\":\"messages\"}]}]}").getBytes(StandardCharsets.UTF_8);
    }

    private String counters(String phone) {
        return sql.queryValue("SELECT message_count || '|' || unread_count || '|' || last_message_at FROM contacts WHERE phone = '" + phone + "'");
    }

    @SuppressWarnings("unchecked")
    private HttpResponse<String> post(byte[] body) {
        try {
            return client.toBlocking().exchange(HttpRequest.POST("/webhooks/whatsapp", body)
                    .contentType(MediaType.APPLICATION_JSON_TYPE).header(WebhookSignature.HEADER, Samples.sign(body)), String.class);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<String>) e.getResponse();
        }
    }

    private static byte[] concat(byte[] first, byte[] second) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(first);
        out.writeBytes(second);
        return out.toByteArray();
    }

    private static String wamid() {
        return "wamid.hardening" + SEQUENCE.incrementAndGet() + "x" + System.nanoTime();
    }
}
