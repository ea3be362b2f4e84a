package dev.wagateway.shared.contact;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.identity.WhatsAppUser;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactWriterTest implements FreshDatabase {

    @Inject
    ContactWriter activity;

    @Inject
    TransactionOperations<Connection> transactions;

    private Sql sql;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
    }

    @Test
    void theFirstMessageMakesTheContactAndLaterOnesCountAndFollowTheProfileName() {
        inbound("+351911111111", "Ana", "2026-05-01T10:00:00Z");
        inbound("+351911111111", "Ana Sousa", "2026-05-01T12:00:00Z");
        inbound("+351911111111", null, "2026-05-01T11:00:00Z");
        assertEquals("3|3|2026-05-01 12:00|Ana Sousa|Ana Sousa", row("+351911111111"));
    }

    @Test
    void aNameTheBusinessGaveIsKept() {
        sql.execute("INSERT INTO contacts (id, phone, name) VALUES ('contact_b', '+351922222222', 'Bruno (supplier)')");
        inbound("+351922222222", "Bruno", "2026-05-01T10:00:00Z");
        assertEquals("1|1|2026-05-01 10:00|Bruno (supplier)|Bruno", row("+351922222222"));
    }

    @Test
    void aUserKnownOnlyByTheirBsuidGetsAContactWithoutAPhone() {
        inbound(new WhatsAppUser(null, "BR.1502576394655843", null), "maria.lopez", "Maria", "2026-05-01T10:00:00Z");
        assertEquals("null|BR.1502576394655843|maria.lopez|1|1", identityRow("user_id = 'BR.1502576394655843'"));
    }

    @Test
    void aContactKnownByPhoneLearnsTheBsuidAMessageBringsWithIt() {
        inbound(WhatsAppUser.ofPhone("+351933333333"), null, "Carla", "2026-05-01T10:00:00Z");
        inbound(new WhatsAppUser("+351933333333", "PT.3333", "PT.ENT.3333"), "carla", "Carla", "2026-05-01T11:00:00Z");
        // Later the phone is withheld: the BSUID alone finds the same contact.
        inbound(new WhatsAppUser(null, "PT.3333", null), "carla", "Carla", "2026-05-01T12:00:00Z");
        assertEquals("+351933333333|PT.3333|carla|3|3", identityRow("phone = '+351933333333'"));
        assertEquals("PT.ENT.3333", sql.queryValue("SELECT parent_user_id FROM contacts WHERE user_id = 'PT.3333'"));
        assertEquals("1", sql.queryValue("SELECT count(*) FROM contacts WHERE user_id = 'PT.3333' OR phone = '+351933333333'"));
    }

    @Test
    void twoContactsThatTurnOutToBeOneUserAreMergedIntoTheOlderWithCountersAddedAndTheMergeRecorded() {
        sql.execute("INSERT INTO contacts (id, phone, name, message_count, unread_count, last_message_at, metadata, created_at) "
                + "VALUES ('contact_old', '+351944444444', 'Diana (VIP)', 5, 1, '2026-04-01T10:00:00Z', '{\"tier\":\"gold\"}', '2026-01-01')");
        sql.execute("INSERT INTO contacts (id, user_id, username, message_count, unread_count, last_message_at, metadata, created_at) "
                + "VALUES ('contact_new', 'PT.4444', 'diana', 2, 2, '2026-04-20T10:00:00Z', '{\"source\":\"bsuid\"}', '2026-04-02')");
        inbound(new WhatsAppUser("+351944444444", "PT.4444", null), null, "Diana", "2026-05-01T10:00:00Z");

        assertEquals("+351944444444|PT.4444|diana|8|4", identityRow("id = 'contact_old'"));
        assertEquals("Diana (VIP)|gold|bsuid|2026-05-01 10:00", sql.queryValue("SELECT name || '|' || (metadata->>'tier') || '|' "
                + "|| (metadata->>'source') || '|' || to_char(last_message_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI') "
                + "FROM contacts WHERE id = 'contact_old'"));
        assertEquals("contact_old|true", sql.queryValue("SELECT (metadata->>'mergedInto') || '|' || (deleted_at IS NOT NULL) "
                + "FROM contacts WHERE id = 'contact_new'"), "the merged contact is kept, soft-deleted");
        assertEquals("contact_old|contact_new|2|PT.4444|+351944444444", sql.queryValue("SELECT kept_contact_id || '|' "
                + "|| merged_contact_id || '|' || (merged_contact->>'message_count') || '|' || (merged_contact->>'user_id') "
                + "|| '|' || (identities->>'phone') FROM contact_merges"));
    }

    @Test
    void aBsuidThatReplacesAnotherIsKeptInTheContactsHistory() {
        inbound(new WhatsAppUser("+351955555555", "PT.5555", null), null, "Eva", "2026-05-01T10:00:00Z");
        inbound(new WhatsAppUser("+351955555555", "PT.5556", null), null, "Eva", "2026-05-02T10:00:00Z");
        assertEquals("+351955555555|PT.5556|null|2|2", identityRow("phone = '+351955555555'"));
        assertEquals("user_id|PT.5555|PT.5556", sql.queryValue("SELECT (metadata->'previousIdentities'->0->>'field') || '|' "
                + "|| (metadata->'previousIdentities'->0->>'value') || '|' || (metadata->'previousIdentities'->0->>'replacedBy') "
                + "FROM contacts WHERE phone = '+351955555555'"));
    }

    @Test
    void aStatusThatNamesBothIdentitiesJoinsThemButNeverMakesOrCountsAContact() {
        transactions.executeWrite(status -> {
            activity.outboundMessage(WhatsAppUser.ofPhone("+351966666666"), Instant.parse("2026-05-01T10:00:00Z"));
            activity.recipientIdentified(new WhatsAppUser("+351966666666", "PT.6666", null), "filipa");
            activity.recipientIdentified(new WhatsAppUser("+351977777777", "PT.7777", null), null);
            return null;
        });
        assertEquals("+351966666666|PT.6666|filipa|1|0", identityRow("phone = '+351966666666'"));
        assertEquals("0", sql.queryValue("SELECT count(*) FROM contacts WHERE phone = '+351977777777' OR user_id = 'PT.7777'"));
    }

    @Test
    void aSendByBsuidMakesTheRecipientsContactByBsuid() {
        transactions.executeWrite(status -> {
            activity.outboundMessage(new WhatsAppUser(null, "US.8888", null), Instant.parse("2026-05-01T10:00:00Z"));
            activity.outboundMessage(new WhatsAppUser(null, "US.8888", null), Instant.parse("2026-05-01T11:00:00Z"));
            return null;
        });
        assertEquals("null|US.8888|null|2|0", identityRow("user_id = 'US.8888'"));
    }

    private void inbound(String phone, String profileName, String at) {
        inbound(WhatsAppUser.ofPhone(phone), null, profileName, at);
    }

    private void inbound(WhatsAppUser sender, String username, String profileName, String at) {
        transactions.executeWrite(status -> {
            activity.inboundMessage(sender, username, profileName, Instant.parse(at));
            return null;
        });
    }

    /** phone|user_id|username|message_count|unread_count of the live contact matching {@code where}. */
    private String identityRow(String where) {
        return sql.queryValue("SELECT coalesce(phone, 'null') || '|' || coalesce(user_id, 'null') || '|' || coalesce(username, 'null') "
                + "|| '|' || message_count || '|' || unread_count FROM contacts WHERE deleted_at IS NULL AND " + where);
    }

    private String row(String phone) {
        return sql.queryValue("SELECT message_count || '|' || unread_count || '|' || to_char(last_message_at AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD HH24:MI') || '|' || name || '|' || (metadata->>'whatsappProfileName') FROM contacts WHERE phone = '" + phone + "'");
    }
}
