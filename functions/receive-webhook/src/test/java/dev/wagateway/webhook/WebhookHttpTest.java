package dev.wagateway.webhook;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.message.MessageWriter;
import io.micronaut.transaction.TransactionOperations;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

import static dev.wagateway.webhook.Samples.CUSTOMER;
import static dev.wagateway.webhook.Samples.FAILED_WAMID;
import static dev.wagateway.webhook.Samples.OUTBOUND_WAMID;
import static dev.wagateway.webhook.Samples.TEXT_WAMID;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook over HTTP (Netty), against a real PostgreSQL. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookHttpTest implements FreshDatabase {

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    TransactionOperations<Connection> transactions;

    @Inject
    MessageWriter ledger;

    private DatabaseCoordinates database;
    private Sql sql;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        this.database = database;
        sql = new Sql(database);
        properties.putAll(Samples.credentials());
        properties.put("micronaut.http.client.max-content-length", "10485760");
        properties.put("datasources.default.maximum-pool-size", "4");
    }

    // --- verification handshake

    @Test
    void handshakeEchoesTheChallengeAsPlainText() {
        HttpResponse<String> response = get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + Samples.VERIFY_TOKEN
                + "&hub.challenge=1158201444");
        assertEquals(200, response.code());
        assertEquals("1158201444", response.body());
        assertTrue(response.getContentType().orElseThrow().toString().startsWith("text/plain"));
    }

    @Test
    void handshakeWithAWrongTokenIsForbiddenAndEchoesNothing() {
        HttpResponse<String> response = get("/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=wrong&hub.challenge=1158201444");
        assertEquals(403, response.code());
        assertFalse(body(response).contains("1158201444"));
        assertEquals("application/problem+json", response.getContentType().orElseThrow().toString());
        assertEquals(403, get("/webhooks/whatsapp?hub.mode=subscribe&hub.challenge=1158201444").code(), "no token");
    }

    @Test
    void handshakeWithAWrongModeIsForbidden() {
        HttpResponse<String> response = get("/webhooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=" + Samples.VERIFY_TOKEN
                + "&hub.challenge=1158201444");
        assertEquals(403, response.code());
        assertFalse(body(response).contains("1158201444"));
    }

    // --- signatures

    @Test
    void aDeliveryWithoutSignatureIsRefusedAndNothingIsStored() {
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid);
        HttpResponse<String> response = post(body, null);
        assertEquals(401, response.code());
        assertTrue(body(response).contains("urn:wa-gateway:problem:invalid-signature"));
        assertNothingStored(wamid);
    }

    @Test
    void aDeliveryWithAWrongSignatureIsRefusedAndNothingIsStored() {
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid);
        assertEquals(401, post(body, Samples.sign(body, "another-secret")).code());
        assertEquals(401, post(body, "sha256=zz").code());
        assertEquals(401, post(body, Samples.sign(body).replace("sha256=", "sha1=")).code());
        // Signed over the body re-serialised (the escapes decoded): not what Meta signed, so refused.
        byte[] decoded = new String(body, StandardCharsets.UTF_8).replace("\\u00e9", "é").getBytes(StandardCharsets.UTF_8);
        assertEquals(401, post(body, Samples.sign(decoded)).code());
        assertNothingStored(wamid);
    }

    @Test
    void escapedUnicodeAndEmojiVerifyOverTheBytesAsSentAndAreStoredDecoded() {
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid);
        assertTrue(new String(body, StandardCharsets.US_ASCII).contains("\\ud83d\\ude00"));
        assertEquals(200, post(body).code());
        assertEquals("Does it come in another color? Olá, ação 😀", value("SELECT content FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
        assertEquals("José Ñandú", value("SELECT name FROM contacts WHERE phone = '" + CUSTOMER + "'"));
    }

    // --- inbound messages

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "inbound-text|text|Does it come in another color? Olá, ação 😀|",
            "inbound-image|image||My receipt",
            "inbound-document|document|invoice-2026-11.pdf|invoice",
            "inbound-location|location|Praça do Comércio, 1100-148 Lisboa|",
            "inbound-interactive-button-reply|interactive|Yes, confirm|",
            "inbound-interactive-list-reply|interactive|09:30|",
            "inbound-button|button|Stop promotions|",
            "inbound-reaction|reaction|👍|",
            "inbound-unsupported|unsupported||"})
    void everyMessageTypeIsStoredWithItsRawItem(String sample, String type, String content, String caption) {
        String original = new String(Samples.bytes(sample), StandardCharsets.UTF_8).replaceAll("(?s).*\"id\":\"(wamid[^\"]+)\",\"type\".*", "$1");
        String wamid = wamid();
        assertEquals(200, post(Samples.bytes(sample, original, wamid)).code());
        String where = " FROM messages WHERE whatsapp_message_id = '" + wamid + "'";
        assertEquals(type, value("SELECT type" + where));
        assertEquals(content, value("SELECT content" + where));
        assertEquals(caption, value("SELECT caption" + where));
        assertEquals("inbound|received|106540352242922|" + CUSTOMER,
                value("SELECT direction || '|' || status || '|' || phone_number_id || '|' || phone" + where));
        assertEquals(wamid, value("SELECT metadata->'whatsapp'->>'id'" + where), "the raw item is kept");
        assertEquals("16505551234", value("SELECT metadata->'contact'->>'wa_id'" + where), "and its sender's contacts[] item");
        assertEquals("2025-11-22 06:40:00+00", value("SELECT to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '+00'" + where));
    }

    @Test
    void aMessageTypeThisSchemaDoesNotKnowIsStoredAsUnsupportedWithEveryField() {
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-text", TEXT_WAMID, wamid, "\"type\":\"text\",\"text\":{", "\"type\":\"gift\",\"gift\":{\"card\":7,");
        assertEquals(200, post(body).code());
        String where = " FROM messages WHERE whatsapp_message_id = '" + wamid + "'";
        assertEquals("unsupported", value("SELECT type" + where));
        assertEquals("gift|7", value("SELECT (metadata->'whatsapp'->>'type') || '|' || (metadata->'whatsapp'->'gift'->>'card')" + where));
    }

    @Test
    void aDuplicateMakesNoSecondRowAndCountsOnce() {
        String phone = phone();
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-image", "16505551234", phone.substring(1), "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ02RgA=", wamid);
        assertEquals(200, post(body).code());
        assertEquals(200, post(body).code());
        assertEquals(200, post(body).code());
        assertEquals("1", value("SELECT count(*) FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
        assertEquals("1|1|2025-11-22 06:40:00|Sheena Nelson", contactCounters(phone));
    }

    @Test
    void twentyConcurrentCopiesOfOneDeliveryMakeOneRowAndCountOnce() throws Exception {
        String phone = phone();
        String wamid = wamid();
        byte[] body = Samples.bytes("inbound-text", "16505551234", phone.substring(1), TEXT_WAMID, wamid);
        String signature = Samples.sign(body);
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                codes.add(pool.submit(() -> {
                    start.await();
                    return post(body, signature).code();
                }));
            }
            start.countDown();
            for (Future<Integer> code : codes) {
                assertEquals(200, code.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("1", value("SELECT count(*) FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
        assertEquals("1", value("SELECT count(*) FROM contacts WHERE phone = '" + phone + "'"));
        assertEquals("1|1|2025-11-22 06:40:00|José Ñandú", contactCounters(phone));
    }

    @Test
    void aNewMessageCountsOnAnExistingContactAndKeepsTheNameTheBusinessGaveIt() {
        String phone = phone();
        sql.execute("INSERT INTO contacts (id, phone, name, message_count, unread_count, last_message_at) VALUES ('contact_"
                + phone.substring(1) + "', '" + phone + "', 'Sheena (VIP)', 5, 0, '2030-01-01T00:00:00Z')");
        byte[] body = Samples.bytes("inbound-text", "16505551234", phone.substring(1), TEXT_WAMID, wamid());
        assertEquals(200, post(body).code());
        assertEquals("6|1|2030-01-01 00:00:00|Sheena (VIP)", contactCounters(phone), "an older message does not move last_message_at back");
        assertEquals("José Ñandú", value("SELECT metadata->>'whatsappProfileName' FROM contacts WHERE phone = '" + phone + "'"));
    }

    // --- statuses

    @Test
    void statusesMoveAnOutboundMessageForwardAndKeepTheirHistory() {
        String wamid = outboundMessage();
        assertEquals(200, post(status("status-sent", wamid)).code());
        assertEquals("sent", statusOf(wamid));
        assertEquals(200, post(status("status-delivered", wamid)).code());
        assertEquals("delivered", statusOf(wamid));
        assertEquals(200, post(status("status-read", wamid)).code());
        assertEquals("read", statusOf(wamid));
        assertEquals("sent,delivered,read", history(wamid));
        assertEquals("3", value("SELECT count(*) FROM message_status_events WHERE whatsapp_message_id = '" + wamid
                + "' AND message_id IS NOT NULL AND applied_at IS NOT NULL"));
        assertEquals("utility", value("SELECT payload->'pricing'->>'category' FROM message_status_events WHERE whatsapp_message_id = '"
                + wamid + "' AND status = 'sent'"), "the whole status is kept");
    }

    /** The event carries the status's errors, pricing and conversation exactly as Meta sent them (read once, not twice). */
    @Test
    void aStatusEventCarriesMetasErrorsPricingAndConversation() {
        String wamid = outboundMessage();
        assertEquals(200, post(status("status-sent", wamid)).code());
        assertEquals(200, post(Samples.bytes("status-failed", FAILED_WAMID, wamid)).code());
        String same = """
                SELECT string_agg(s.status || ':' || (e.data->'errors' = coalesce(s.payload->'errors', '[]'::jsonb))
                                  || ',' || (e.data->'pricing' = coalesce(s.payload->'pricing', 'null'::jsonb))
                                  || ',' || (e.data->'conversation' = coalesce(s.payload->'conversation', 'null'::jsonb)), ' '
                                  ORDER BY s.status)
                FROM message_status_events s
                JOIN events e ON e.type = 'message.status' AND e.data->>'whatsapp_message_id' = s.whatsapp_message_id
                             AND e.data->>'status' = s.status
                WHERE s.whatsapp_message_id = '%s'""".formatted(wamid);
        assertEquals("failed:true,true,true sent:true,true,true", value(same));
        assertEquals("131047|utility", value("SELECT string_agg(coalesce(data->'errors'->0->>'code', data->'pricing'->>'category'), '|' "
                + "ORDER BY data->>'status') FROM events WHERE type = 'message.status' AND data->>'whatsapp_message_id' = '" + wamid + "'"),
                "not empty either");
    }

    @Test
    void readThenALateSentStaysRead() {
        String wamid = outboundMessage();
        assertEquals(200, post(status("status-read", wamid)).code());
        assertEquals(200, post(status("status-sent", wamid)).code());
        assertEquals(200, post(status("status-delivered", wamid)).code());
        assertEquals("read", statusOf(wamid));
        assertEquals("sent,delivered,read", history(wamid));
    }

    @Test
    void aRedeliveredStatusIsKeptOnce() {
        String wamid = outboundMessage();
        byte[] body = status("status-delivered", wamid);
        assertEquals(200, post(body).code());
        assertEquals(200, post(body).code());
        assertEquals("delivered", history(wamid));
    }

    @Test
    void failedRecordsMetasErrorAndALateSentDoesNotOverwriteIt() {
        String wamid = outboundMessage();
        assertEquals(200, post(Samples.bytes("status-failed", FAILED_WAMID, wamid)).code());
        assertEquals(200, post(status("status-sent", wamid)).code());
        assertEquals("failed|131047|Re-engagement message: Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
                value("SELECT status || '|' || error_code || '|' || error_message FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
        assertEquals("131047", value("SELECT errors->0->>'code' FROM message_status_events WHERE whatsapp_message_id = '" + wamid + "' AND status = 'failed'"));
    }

    @Test
    void deliveredAfterFailedWinsAndTheFailureStaysInTheHistory() {
        String wamid = outboundMessage();
        assertEquals(200, post(Samples.bytes("status-failed", FAILED_WAMID, wamid)).code());
        assertEquals(200, post(status("status-delivered", wamid)).code());
        assertEquals("delivered", statusOf(wamid));
        assertNull(value("SELECT error_code FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
        assertEquals("delivered,failed", history(wamid), "in Meta's order: the failure stays in the history");
    }

    @Test
    void aStatusBeforeItsMessageIsKeptAndAppliedWhenTheMessageAppears() {
        String wamid = wamid();
        assertEquals(200, post(status("status-delivered", wamid)).code());
        assertEquals(200, post(status("status-sent", wamid)).code());
        assertEquals("2", value("SELECT count(*) FROM message_status_events WHERE whatsapp_message_id = '" + wamid
                + "' AND message_id IS NULL AND applied_at IS NULL"));
        // The message appears: here an inbound one with that wamid (send-message uses the same ledger call).
        assertEquals(200, post(Samples.bytes("inbound-text", TEXT_WAMID, wamid)).code());
        assertEquals("0", value("SELECT count(*) FROM message_status_events WHERE whatsapp_message_id = '" + wamid
                + "' AND (message_id IS NULL OR applied_at IS NULL)"));
        assertEquals("received", statusOf(wamid), "statuses do not rank above an inbound message's received");
    }

    @Test
    void statusesBeforeASendStoresItsWamidAreAppliedByTheSharedLedger() throws Exception {
        String wamid = wamid();
        assertEquals(200, post(Samples.bytes("status-failed", FAILED_WAMID, wamid)).code());
        assertEquals(200, post(status("status-sent", wamid)).code());
        // What send-message does once Meta answered with the wamid: store it and apply what came early.
        int applied = transactions.executeWrite(tx -> {
            try (var statement = tx.getConnection().prepareStatement("INSERT INTO messages (id, phone, direction, type, status, "
                    + "whatsapp_message_id) VALUES (?, ?, 'outbound', 'text', 'accepted', ?)")) {
                statement.setString(1, "msg_send_" + wamid);
                statement.setString(2, CUSTOMER);
                statement.setString(3, wamid);
                statement.executeUpdate();
            }
            return ledger.applyPending(wamid);
        });
        assertEquals(2, applied);
        assertEquals("failed|131047", value("SELECT status || '|' || error_code FROM messages WHERE whatsapp_message_id = '" + wamid + "'"),
                "the failure wins over the earlier sent, whatever order they came in");
        assertEquals(200, post(status("status-read", wamid)).code());
        assertEquals("read", statusOf(wamid), "a status after the message is known applies at once");
    }

    @Test
    void statusesInOneDeliveryAfterTheirMessageInTheSameDeliveryAreApplied() {
        String wamid = outboundMessage();
        byte[] body = Samples.bytes("batch-several-entries", OUTBOUND_WAMID, wamid, TEXT_WAMID, wamid(),
                "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ07RgA=", wamid());
        assertEquals(200, post(body).code());
        assertEquals("delivered", statusOf(wamid));
    }

    // --- a delivery with several entries and changes, and other changes

    @Test
    void everyEntryAndEveryChangeOfADeliveryIsStored() {
        String phone = phone();
        String text = wamid();
        String reaction = wamid();
        String status = wamid();
        byte[] body = Samples.bytes("batch-several-entries", "16505551234", phone.substring(1), TEXT_WAMID, text,
                "wamid.HBgLMTY1MDU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ07RgA=", reaction, OUTBOUND_WAMID, status);
        assertEquals(200, post(body).code());
        assertEquals("text", value("SELECT type FROM messages WHERE whatsapp_message_id = '" + text + "'"));
        assertEquals("reaction", value("SELECT type FROM messages WHERE whatsapp_message_id = '" + reaction + "'"));
        assertEquals("delivered", history(status));
        assertEquals("2|2", value("SELECT message_count || '|' || unread_count FROM contacts WHERE phone = '" + phone + "'"));
    }

    @Test
    void aTemplateStatusUpdateChangesThatTemplatesStatus() {
        sql.execute("INSERT INTO templates (id, name, language, category, status, whatsapp_template_id) VALUES "
                + "('tmpl_1', 'order_update', 'en_US', 'UTILITY', 'PENDING', '1234567890123456')");
        assertEquals(200, post(Samples.bytes("template-status-update")).code());
        assertEquals("APPROVED|APPROVED|NONE", value("SELECT status || '|' || (metadata->'statusEvent'->>'event') || '|' || "
                + "(metadata->'statusEvent'->>'reason') FROM templates WHERE id = 'tmpl_1'"));
        byte[] paused = Samples.bytes("template-status-update", "APPROVED", "PAUSED", "1234567890123456", "999",
                "order_update", "another_template");
        assertEquals(200, post(paused).code());
        assertEquals("1", value("SELECT count(*) FROM webhook_kept_events WHERE kind = 'unmatched_template_status' AND payload->'value'->>'event' = 'PAUSED'"),
                "an update for a template not stored here is kept");
        assertEquals("APPROVED", value("SELECT status FROM templates WHERE id = 'tmpl_1'"));
    }

    @Test
    void qualityAndCategoryUpdatesChangeTheTemplateWithTheirEventsAndUnknownOnesAreKept() {
        // Meta writes the language en-US in these webhooks; the template is stored en_US.
        sql.execute("INSERT INTO templates (id, name, language, category, status, whatsapp_template_id) VALUES "
                + "('tmpl_q1', 'welcome_template', 'en_US', 'UTILITY', 'APPROVED', '806312974732579')");
        assertEquals(200, post(Samples.bytes("template-quality-update")).code());
        assertEquals("YELLOW|GREEN|APPROVED", value("SELECT (metadata->'qualityEvent'->>'new_quality_score') || '|' || "
                + "(metadata->'qualityEvent'->>'previous_quality_score') || '|' || status FROM templates WHERE id = 'tmpl_q1'"));
        assertEquals("quality|webhook|YELLOW", value("SELECT data->>'change' || '|' || (data->>'source') || '|' || "
                + "(data->'details'->>'new_quality_score') FROM events WHERE type = 'template.updated' AND template_id = 'tmpl_q1'"));

        // Impending (new_category is still the current one), then done: the column follows new_category.
        assertEquals(200, post(Samples.bytes("template-category-impending")).code());
        assertEquals("UTILITY|MARKETING", value("SELECT category || '|' || (metadata->'categoryEvent'->>'correct_category') "
                + "FROM templates WHERE id = 'tmpl_q1'"));
        assertEquals(200, post(Samples.bytes("template-category-update")).code());
        assertEquals("MARKETING|UTILITY", value("SELECT category || '|' || (metadata->'categoryEvent'->>'previous_category') "
                + "FROM templates WHERE id = 'tmpl_q1'"));
        assertEquals("2", value("SELECT count(*) FROM events WHERE type = 'template.updated' AND template_id = 'tmpl_q1' "
                + "AND data->>'change' = 'category'"));

        // A redelivery of the older quality event after a newer one changes nothing; a template not stored is kept.
        byte[] newer = Samples.bytes("template-quality-update", "\"time\":1739321024", "\"time\":1739329999",
                "\"new_quality_score\":\"YELLOW\"", "\"new_quality_score\":\"RED\"");
        assertEquals(200, post(newer).code());
        assertEquals(200, post(Samples.bytes("template-quality-update")).code());
        assertEquals("RED", value("SELECT metadata->'qualityEvent'->>'new_quality_score' FROM templates WHERE id = 'tmpl_q1'"));
        byte[] unknown = Samples.bytes("template-quality-update", "806312974732579", "111", "welcome_template", "not_ours");
        assertEquals(200, post(unknown).code());
        assertEquals("1", value("SELECT count(*) FROM webhook_kept_events WHERE kind = 'unmatched_template_quality' "
                + "AND field = 'message_template_quality_update' AND payload->'value'->>'message_template_name' = 'not_ours'"));
        // Found by name and language (Meta's en-US spelling) when the stored one has no WhatsApp id yet.
        sql.execute("INSERT INTO templates (id, name, language, category, status) VALUES "
                + "('tmpl_q2', 'greeting', 'pt_BR', 'MARKETING', 'APPROVED')");
        byte[] byName = Samples.bytes("template-quality-update", "806312974732579", "222", "welcome_template", "greeting",
                "en-US", "pt-BR");
        assertEquals(200, post(byName).code());
        assertEquals("YELLOW", value("SELECT metadata->'qualityEvent'->>'new_quality_score' FROM templates WHERE id = 'tmpl_q2'"));
        byte[] missing = Samples.bytes("template-category-update", "\"new_category\":\"MARKETING\"", "\"x\":1");
        assertEquals(200, post(missing).code());
        assertTrue(value("SELECT reason FROM webhook_rejects WHERE kind = 'template_category'").contains("new_category"));
    }

    @Test
    void otherChangeTypesAndErrorsAreKeptNotRefused() {
        String body = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"1022\",\"time\":1763793600,\"changes\":["
                + "{\"value\":{\"phone_number\":\"15550783881\",\"event\":\"FLAGGED\"},\"field\":\"phone_number_quality_update\"},"
                + "{\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"1065\"},"
                + "\"errors\":[{\"code\":131000,\"title\":\"Something went wrong\"}],\"novelty\":{\"x\":1}},\"field\":\"messages\"}]}]}";
        assertEquals(200, post(body.getBytes(StandardCharsets.UTF_8)).code());
        assertEquals("FLAGGED", value("SELECT payload->'value'->>'event' FROM webhook_kept_events WHERE kind = 'change' AND field = 'phone_number_quality_update'"));
        assertEquals("131000", value("SELECT payload->'error'->>'code' FROM webhook_kept_events WHERE kind = 'error' AND phone_number_id = '1065'"));
        assertEquals("1", value("SELECT payload->'fields'->'novelty'->>'x' FROM webhook_kept_events WHERE kind = 'unrecognised_fields'"));
    }

    // --- bad deliveries

    @Test
    void oneMalformedItemDoesNotStopTheOthersAndIsRecordedWithItsReason() {
        String good = wamid();
        String body = new String(Samples.bytes("inbound-text", TEXT_WAMID, good), StandardCharsets.UTF_8)
                .replace("\"messages\":[{", "\"messages\":[{\"from\":\"16505551234\",\"type\":\"text\",\"timestamp\":\"1763793600\",\"text\":{\"body\":\"no id\"}},{");
        assertEquals(200, post(body.getBytes(StandardCharsets.UTF_8)).code());
        assertEquals("text", value("SELECT type FROM messages WHERE whatsapp_message_id = '" + good + "'"));
        assertEquals("id (the wamid) is missing", value("SELECT reason FROM webhook_rejects WHERE kind = 'message' AND item_json LIKE '%no id%'"));
    }

    @Test
    void anItemPostgresqlRefusesIsRecordedAndTheRestIsStored() {
        String good = wamid();
        String bad = wamid();
        // \u0000 is valid JSON but PostgreSQL text and jsonb cannot hold it.
        String body = new String(Samples.bytes("inbound-text", TEXT_WAMID, good), StandardCharsets.UTF_8)
                .replace("\"messages\":[{", "\"messages\":[{\"from\":\"16505551234\",\"id\":\"" + bad
                        + "\",\"type\":\"text\",\"timestamp\":\"1763793600\",\"text\":{\"body\":\"nul \\u0000 here\"}},{");
        assertEquals(200, post(body.getBytes(StandardCharsets.UTF_8)).code());
        assertEquals("text", value("SELECT type FROM messages WHERE whatsapp_message_id = '" + good + "'"));
        assertEquals("0", value("SELECT count(*) FROM messages WHERE whatsapp_message_id = '" + bad + "'"));
        String reason = value("SELECT reason FROM webhook_rejects WHERE kind = 'message' AND item_json LIKE '%" + bad + "%'");
        assertTrue(reason != null && reason.startsWith("PostgreSQL refused it: 22"), reason);
    }

    @Test
    void aBodyThatIsNotJsonIsRefusedAfterAValidSignature() {
        HttpResponse<String> response = post("not json".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.code());
        assertTrue(body(response).contains("urn:wa-gateway:problem:malformed-request"));
        assertEquals(400, post("[1,2]".getBytes(StandardCharsets.UTF_8)).code());
    }

    @Test
    void anotherObjectIsRefused() {
        HttpResponse<String> response = post("{\"object\":\"page\",\"entry\":[]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(400, response.code());
        assertTrue(body(response).contains("urn:wa-gateway:problem:unsupported-object"));
    }

    @Test
    void aBodyOverThreeMegabytesIsRefused() {
        byte[] body = new byte[3 * 1024 * 1024 + 1];
        java.util.Arrays.fill(body, (byte) ' ');
        HttpResponse<String> response = post(body);
        assertEquals(413, response.code());
    }

    @Test
    void aBodyOfThreeMegabytesIsAccepted() {
        String wamid = wamid();
        byte[] sample = Samples.bytes("inbound-text", TEXT_WAMID, wamid);
        byte[] body = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(body, (byte) ' ');
        System.arraycopy(sample, 0, body, 0, sample.length);
        assertEquals(200, post(body).code());
        assertEquals("1", value("SELECT count(*) FROM messages WHERE whatsapp_message_id = '" + wamid + "'"));
    }

    // --- users known by a business-scoped user id (Meta's "Business-scoped user IDs")

    @Test
    void aMessageFromAUserWhosePhoneIsWithheldIsStoredByTheirBsuidWithItsContact() {
        Customer customer = customer();
        String wamid = wamid();
        assertEquals(200, post(customer.sample("inbound-text-bsuid-only", wamid)).code());
        String where = " FROM messages WHERE whatsapp_message_id = '" + wamid + "'";
        assertEquals("null|" + customer.userId() + "|inbound|received|Hola, ¿tienen talla M? 👕",
                value("SELECT coalesce(phone, 'null') || '|' || user_id || '|' || direction || '|' || status || '|' || content" + where));
        assertEquals("null|" + customer.userId() + "|maria.lopez|María López|1|1", contactOf(customer.userId()));
        assertEquals("0", value("SELECT count(*) FROM webhook_rejects WHERE item_json LIKE '%" + wamid + "%'"));
    }

    @Test
    void aContactKnownByPhoneLearnsTheBsuidAndItsMessagesWithoutAPhoneCountOnIt() {
        Customer customer = customer();
        sql.execute("INSERT INTO contacts (id, phone, name, message_count) VALUES ('contact_" + customer.digits() + "', '"
                + customer.phone() + "', 'José (supplier)', 3)");
        assertEquals(200, post(customer.sample("inbound-text-with-bsuid", wamid())).code());
        assertEquals(customer.phone() + "|" + customer.userId() + "|jose.nandu|José (supplier)|4|1", contactOf(customer.userId()));
        assertEquals(customer.parentUserId(), value("SELECT parent_user_id FROM contacts WHERE user_id = '" + customer.userId() + "'"));

        String withheld = wamid();
        assertEquals(200, post(customer.sample("inbound-text-bsuid-only", withheld)).code());
        assertEquals(customer.phone() + "|" + customer.userId() + "|maria.lopez|José (supplier)|5|2", contactOf(customer.userId()),
                "the BSUID alone finds the contact; the username follows Meta's latest");
        assertEquals("1", value("SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND (phone = '" + customer.phone()
                + "' OR user_id = '" + customer.userId() + "')"));
        assertEquals("null|" + customer.userId(), value("SELECT coalesce(phone, 'null') || '|' || user_id FROM messages "
                + "WHERE whatsapp_message_id = '" + withheld + "'"));
    }

    @Test
    void twoContactsOfOneUserAreMergedWhenAMessageBringsBothIdentities() {
        Customer customer = customer();
        sql.execute("INSERT INTO contacts (id, phone, name, message_count, created_at) VALUES ('contact_p" + customer.digits()
                + "', '" + customer.phone() + "', 'José (supplier)', 3, '2026-01-01')");
        assertEquals(200, post(customer.sample("inbound-text-bsuid-only", wamid())).code());
        assertEquals("2", value("SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND (phone = '" + customer.phone()
                + "' OR user_id = '" + customer.userId() + "')"), "until Meta says they are one user, they are two");

        assertEquals(200, post(customer.sample("inbound-text-with-bsuid", wamid())).code());
        assertEquals(customer.phone() + "|" + customer.userId() + "|jose.nandu|José (supplier)|5|2", contactOf(customer.userId()),
                "the older contact is kept, with both counters added and this message");
        assertEquals("contact_p" + customer.digits() + "|1", value("SELECT kept_contact_id || '|' || (merged_contact->>'message_count') "
                + "FROM contact_merges WHERE merged_contact->>'user_id' = '" + customer.userId() + "'"));
        assertEquals("contact_p" + customer.digits(), value("SELECT metadata->>'mergedInto' FROM contacts WHERE deleted_at IS NOT NULL "
                + "AND user_id = '" + customer.userId() + "'"), "the merged contact is soft-deleted, not lost");
    }

    @Test
    void concurrentFirstMessagesOfOneUserKnownByBsuidMakeOneContact() throws Exception {
        Customer customer = customer();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Integer>> codes = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                // Half by BSUID alone, half with the phone too: all one user.
                byte[] body = customer.sample(i % 2 == 0 ? "inbound-text-bsuid-only" : "inbound-text-with-bsuid", wamid());
                codes.add(pool.submit(() -> {
                    start.await();
                    return post(body).code();
                }));
            }
            start.countDown();
            for (Future<Integer> code : codes) {
                assertEquals(200, code.get());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals("10|10", value("SELECT message_count || '|' || unread_count FROM contacts WHERE deleted_at IS NULL AND user_id = '"
                + customer.userId() + "'"));
        assertEquals("1", value("SELECT count(*) FROM contacts WHERE deleted_at IS NULL AND (user_id = '" + customer.userId()
                + "' OR phone = '" + customer.phone() + "')"));
    }

    @Test
    void statusesOfASendByBsuidFindTheirMessageByWamidAndKeepTheBsuid() {
        Customer customer = customer();
        String wamid = outboundMessage("NULL", "'" + customer.userId() + "'");
        assertEquals(200, post(customer.sample("status-delivered-bsuid-only", wamid)).code());
        assertEquals("delivered", statusOf(wamid));
        assertEquals(customer.userId() + "|null", value("SELECT recipient_user_id || '|' || coalesce(recipient_id, 'null') "
                + "FROM message_status_events WHERE whatsapp_message_id = '" + wamid + "'"));
        String failed = outboundMessage("NULL", "'" + customer.userId() + "'");
        assertEquals(200, post(customer.sample("status-failed-bsuid-only", failed)).code());
        assertEquals("failed|131047", value("SELECT status || '|' || error_code FROM messages WHERE whatsapp_message_id = '" + failed + "'"));
    }

    @Test
    void aStatusOfASendByPhoneThatNamesTheBsuidTooJoinsItToTheContact() {
        Customer customer = customer();
        sql.execute("INSERT INTO contacts (id, phone, message_count) VALUES ('contact_" + customer.digits() + "', '"
                + customer.phone() + "', 1)");
        String wamid = outboundMessage("'" + customer.phone() + "'", "NULL");
        assertEquals(200, post(customer.sample("status-read-with-bsuid", wamid)).code());
        assertEquals("read", statusOf(wamid));
        assertEquals(customer.phone() + "|" + customer.userId() + "|jose.nandu|null|1|0", contactOf(customer.userId()));
    }

    @Test
    void aBsuidOfAnotherFormIsLeftOutWhenThePhoneNamesTheSenderAndRefusedWhenNothingElseDoes() {
        Customer customer = customer();
        String byPhone = wamid();
        assertEquals(200, post(customer.sample("inbound-text-with-bsuid", byPhone, customer.userId(), "us-13491208655302741918")).code());
        assertEquals(customer.phone() + "|null|us-13491208655302741918", value("SELECT phone || '|' || coalesce(user_id, 'null') || '|' "
                + "|| (metadata->'whatsapp'->>'from_user_id') FROM messages WHERE whatsapp_message_id = '" + byPhone + "'"),
                "stored by phone; the raw item keeps what Meta sent");

        String byBsuidOnly = wamid();
        assertEquals(200, post(customer.sample("inbound-text-bsuid-only", byBsuidOnly, customer.userId(), "us-13491208655302741918")).code());
        assertEquals("0", value("SELECT count(*) FROM messages WHERE whatsapp_message_id = '" + byBsuidOnly + "'"));
        assertEquals("message|from_user_id must be a business-scoped user id such as US.13491208655302741918",
                value("SELECT kind || '|' || reason FROM webhook_rejects WHERE item_json LIKE '%" + byBsuidOnly + "%'"));
    }

    // --- helpers

    private static byte[] status(String sample, String wamid) {
        return Samples.bytes(sample, OUTBOUND_WAMID, wamid);
    }

    private HttpResponse<String> get(String uri) {
        return exchange(HttpRequest.GET(uri));
    }

    private HttpResponse<String> post(byte[] body) {
        return post(body, Samples.sign(body));
    }

    private HttpResponse<String> post(byte[] body, String signature) {
        var request = HttpRequest.POST("/webhooks/whatsapp", body).contentType(MediaType.APPLICATION_JSON_TYPE);
        if (signature != null) {
            request.header(WebhookSignature.HEADER, signature);
        }
        return exchange(request);
    }

    /** The answer, whatever its status. */
    @SuppressWarnings("unchecked")
    private HttpResponse<String> exchange(HttpRequest<?> request) {
        try {
            return client.toBlocking().exchange(request, String.class);
        } catch (HttpClientResponseException e) {
            return (HttpResponse<String>) e.getResponse();
        }
    }

    private static String body(HttpResponse<?> response) {
        return response.getBody(String.class).orElse("");
    }

    private String value(String query) {
        return sql.queryValue(query);
    }

    private void assertNothingStored(String wamid) {
        assertEquals("0", value("SELECT (SELECT count(*) FROM messages WHERE whatsapp_message_id = '" + wamid + "')"
                + " + (SELECT count(*) FROM webhook_rejects WHERE item_json LIKE '%" + wamid + "%')"));
    }

    private String contactCounters(String phone) {
        return value("SELECT message_count || '|' || unread_count || '|' || to_char(last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS') || '|' || name FROM contacts WHERE phone = '" + phone + "'");
    }

    private String statusOf(String wamid) {
        return value("SELECT status FROM messages WHERE whatsapp_message_id = '" + wamid + "'");
    }

    private String history(String wamid) {
        return value("SELECT string_agg(status, ',' ORDER BY occurred_at) FROM message_status_events WHERE whatsapp_message_id = '" + wamid + "'");
    }

    private String outboundMessage() {
        return outboundMessage("'" + CUSTOMER + "'", "NULL");
    }

    /** A sent message to the customer named by these SQL literals, with a wamid of its own. */
    private String outboundMessage(String phoneLiteral, String userIdLiteral) {
        String wamid = wamid();
        sql.execute("INSERT INTO messages (id, phone, user_id, direction, type, content, status, whatsapp_message_id) VALUES ('msg_"
                + SEQUENCE.incrementAndGet() + "_" + System.nanoTime() + "', " + phoneLiteral + ", " + userIdLiteral
                + ", 'outbound', 'text', 'Hi', 'accepted', '" + wamid + "')");
        return wamid;
    }

    /** phone|user_id|username|name|message_count|unread_count of the live contact with this BSUID. */
    private String contactOf(String userId) {
        return value("SELECT coalesce(phone, 'null') || '|' || user_id || '|' || coalesce(username, 'null') || '|' "
                + "|| coalesce(name, 'null') || '|' || message_count || '|' || unread_count FROM contacts "
                + "WHERE deleted_at IS NULL AND user_id = '" + userId + "'");
    }

    private static Customer customer() {
        String phone = phone();
        long unique = System.nanoTime();
        return new Customer(phone, "US.T" + unique, "US.ENT.T" + unique);
    }

    /** A customer of a test's own, and the BSUID samples rewritten to name them. */
    private record Customer(String phone, String userId, String parentUserId) {
        String digits() {
            return phone.substring(1);
        }

        byte[] sample(String name, String wamid, String... replacements) {
            String original = new String(Samples.bytes(name), StandardCharsets.UTF_8).replaceAll("(?s).*\"id\":\"(wamid[^\"]+)\".*", "$1");
            String text = new String(Samples.bytes(name), StandardCharsets.UTF_8).replace(original, wamid)
                    .replace("US.ENT.11815799212886844830", parentUserId).replace("US.13491208655302741918", userId)
                    .replace("16505551234", digits());
            for (int i = 0; i < replacements.length; i += 2) {
                text = text.replace(replacements[i], replacements[i + 1]);
            }
            return text.getBytes(StandardCharsets.UTF_8);
        }
    }

    private static String wamid() {
        return "wamid.test" + SEQUENCE.incrementAndGet() + "x" + System.nanoTime();
    }

    /** A customer number of its own, so counters of one test are not another's. */
    private static String phone() {
        return "+1555" + String.format("%07d", SEQUENCE.incrementAndGet());
    }
}
