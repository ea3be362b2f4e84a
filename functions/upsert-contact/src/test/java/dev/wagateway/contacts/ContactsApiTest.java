package dev.wagateway.contacts;

import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.id.Ids;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import dev.wagateway.shared.phone.PhoneNumbers;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every case of the contacts API, each over HTTP and as a Lambda event. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactsApiTest implements FreshDatabase {

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService apiKeys;

    private Sql sql;
    private String writer;
    private String reader;
    private final AtomicInteger numbers = new AtomicInteger(1000);

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
        properties.put("datasources.default.maximum-pool-size", "12");
    }

    @BeforeAll
    void keys() {
        writer = "Bearer " + apiKeys.create("writer", List.of(Scopes.CONTACTS_WRITE, Scopes.CONTACTS_READ), 100_000, null).key();
        reader = "Bearer " + apiKeys.create("reader", List.of(Scopes.CONTACTS_READ), 100_000, null).key();
    }

    Stream<Caller> callers() {
        return Stream.of(TwoWays.http(server), TwoWays.lambda(new ApiGatewayHandler(context)));
    }

    /** A phone no other case uses: "+1 212 555 0" and four digits. */
    private String freshPhone() {
        return "+1212555" + String.format("%04d", numbers.incrementAndGet());
    }

    private static String encoded(String phone) {
        return phone.replace("+", "%2B");
    }

    private Reply put(Caller caller, String pathPhone, String body) {
        return caller.call("PUT", "/v1/contacts/" + pathPhone, Map.of("Authorization", writer, "Content-Type", "application/json"), body);
    }

    @ParameterizedTest
    @MethodSource("callers")
    void putCreatesThenUpdatesAndMergesMetadata(Caller caller) {
        String phone = freshPhone();
        Reply created = put(caller, encoded(phone), "{\"name\":\"Ana Lima\",\"profile_picture_url\":\"https://cdn.example/a.png\","
                + "\"metadata\":{\"tier\":\"gold\",\"tags\":[\"vip\"],\"address\":{\"city\":\"Lisbon\",\"zip\":\"1000\"}}}");
        assertEquals(201, created.status(), created.body());
        Map<String, Object> contact = created.json();
        assertEquals(phone, contact.get("phone"));
        assertEquals("Ana Lima", contact.get("name"));
        assertEquals("https://cdn.example/a.png", contact.get("profile_picture_url"));
        assertTrue(((String) contact.get("id")).startsWith("contact_"));

        Reply updated = put(caller, encoded(phone), "{\"name\":\"Ana L.\",\"metadata\":{\"tier\":null,\"address\":{\"zip\":\"1100\"},\"lang\":\"pt\"}}");
        assertEquals(200, updated.status(), updated.body());
        Map<String, Object> after = updated.json();
        assertEquals(contact.get("id"), after.get("id"));
        assertEquals("Ana L.", after.get("name"));
        assertEquals("https://cdn.example/a.png", after.get("profile_picture_url"), "absent fields are kept");
        assertEquals(Map.of("tags", List.of("vip"), "address", Map.of("city", "Lisbon", "zip", "1100"), "lang", "pt"), after.get("metadata"));

        Reply replaced = caller.call("PUT", "/v1/contacts/" + encoded(phone) + "?metadata=replace",
                Map.of("Authorization", writer, "Content-Type", "application/json"), "{\"metadata\":{\"only\":1}}");
        assertEquals(Map.of("only", 1), replaced.json().get("metadata"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aNumberOldDataHoldsThatTheApiRefusesAsNewIsReadUpdatedAndDeleted(Caller caller) {
        // +1 555 01xx numbers have the right length (possible) but no such exchange (not valid): the
        // import keeps them as the one phone rule stores old data; the row below is what it writes.
        String stored = PhoneNumbers.asStored("+1 (555) 010-" + String.format("%04d", numbers.incrementAndGet()), null).e164();
        assertTrue(PhoneNumbers.toE164(stored).isEmpty(), "not valid: " + stored);
        assertEquals(400, put(caller, encoded(stored), "{}").status(), "as a new contact it is refused");
        sql.execute("INSERT INTO contacts (id, phone, name) VALUES ('" + Ids.CONTACT.next() + "', '" + stored + "', 'Imported')");

        Reply found = caller.call("GET", "/v1/contacts/" + encoded(stored), Map.of("Authorization", reader), null);
        assertEquals(200, found.status(), found.body());
        assertEquals(stored, found.json().get("phone"));
        Reply updated = put(caller, encoded(stored), "{\"name\":\"Renamed\"}");
        assertEquals(200, updated.status(), updated.body());
        assertEquals("Renamed", updated.json().get("name"));
        assertEquals(204, caller.call("DELETE", "/v1/contacts/" + encoded(stored), Map.of("Authorization", writer), null).status());
        assertEquals(404, caller.call("GET", "/v1/contacts/" + encoded(stored), Map.of("Authorization", reader), null).status());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void everyCommonSpellingOfAPhoneIsTheSameContact(Caller caller) {
        String phone = freshPhone();
        String digits = phone.substring(1);
        assertEquals(201, put(caller, encoded(phone), "{\"name\":\"Spelled\"}").status());
        for (String spelling : List.of(phone, digits, "00" + digits, "%2B1%20212%20555%20" + phone.substring(8),
                "%2B1-212-555-" + phone.substring(8), "(%2B1)%20212-555." + phone.substring(8))) {
            Reply found = caller.call("GET", "/v1/contacts/" + spelling, Map.of("Authorization", reader), null);
            assertEquals(200, found.status(), spelling + ": " + found.body());
            assertEquals(phone, found.json().get("phone"), spelling);
        }
    }

    @ParameterizedTest
    @MethodSource("callers")
    void invalidInputIsA400NamingTheField(Caller caller) {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("ref", null);
        cases.put("name", "{\"name\":\"" + "x".repeat(256) + "\"}");
        cases.put("profile_picture_url", "{\"profile_picture_url\":\"http://insecure.example/a.png\"}");
        cases.put("metadata", "{\"metadata\":{\"blob\":\"" + "y".repeat(17_000) + "\"}}");
        for (var c : cases.entrySet()) {
            Reply reply = c.getValue() == null
                    ? put(caller, "0555-not-a-number", "{}")
                    : put(caller, encoded(freshPhone()), c.getValue());
            assertEquals(400, reply.status(), c.getKey() + ": " + reply.body());
            assertEquals("application/problem+json", reply.header("content-type").split(";")[0]);
            assertEquals("urn:wa-gateway:problem:validation-failed", reply.json().get("type"), c.getKey());
            assertEquals(c.getKey(), ((List<Map<String, Object>>) reply.json().get("errors")).getFirst().get("field"));
        }
        Reply notAnObject = put(caller, encoded(freshPhone()), "{\"metadata\":[1,2]}");
        assertEquals(400, notAnObject.status(), notAnObject.body());
        assertEquals("urn:wa-gateway:problem:malformed-request", notAnObject.json().get("type"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aMemberSentAsNullIsClearedAndOneLeftOutIsKept(Caller caller) {
        String phone = freshPhone();
        put(caller, encoded(phone), "{\"name\":\"Ana\",\"profile_picture_url\":\"https://example.com/a.png\",\"metadata\":{\"k\":1}}");
        Reply kept = put(caller, encoded(phone), "{\"metadata\":{\"j\":2}}");
        assertEquals("Ana", kept.json().get("name"), "a member left out is left as it is");
        Reply cleared = put(caller, encoded(phone), "{\"name\":null}");
        assertEquals(200, cleared.status(), cleared.body());
        assertNull(cleared.json().get("name"), cleared.body());
        assertEquals("https://example.com/a.png", cleared.json().get("profile_picture_url"));
        assertNull(sql.queryValue("SELECT name FROM contacts WHERE phone = '" + phone + "' AND deleted_at IS NULL"));
        Reply read = caller.call("GET", "/v1/contacts/" + encoded(phone), Map.of("Authorization", reader), null);
        assertEquals(List.of(cleared.json().get("created_at"), cleared.json().get("updated_at")),
                List.of(read.json().get("created_at"), read.json().get("updated_at")), "one precision on write and read");
        Reply noPicture = put(caller, encoded(phone), "{\"profile_picture_url\":null}");
        assertNull(noPicture.json().get("profile_picture_url"), noPicture.body());
        assertEquals(Map.of("k", 1, "j", 2), noPicture.json().get("metadata"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aBodyThatIsNotJsonIsTheDocumented415(Caller caller) {
        // TwoWays holds the answer to the document too: status, problem body and headers as it promises.
        Reply reply = caller.call("PUT", "/v1/contacts/" + encoded(freshPhone()),
                Map.of("Authorization", writer, "Content-Type", "text/plain"), "name=Ana");
        assertEquals(415, reply.status(), reply.body());
        assertEquals("urn:wa-gateway:problem:unsupported-media-type", reply.json().get("type"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void theMetadataCapHoldsForTheMergedResult(Caller caller) {
        String phone = freshPhone();
        String tenKilobytes = "z".repeat(10_000);
        assertEquals(201, put(caller, encoded(phone), "{\"metadata\":{\"a\":\"" + tenKilobytes + "\"}}").status());
        Reply grown = put(caller, encoded(phone), "{\"metadata\":{\"b\":\"" + tenKilobytes + "\"}}");
        assertEquals(400, grown.status(), "each patch is under 16 KB, the merged metadata is not: " + grown.body());
        assertEquals("metadata", ((List<Map<String, Object>>) grown.json().get("errors")).getFirst().get("field"));
        assertEquals("1", sql.queryValue("SELECT count(*) FROM contacts, jsonb_object_keys(metadata) WHERE phone = '" + phone + "'"),
                "nothing was written");
    }

    @ParameterizedTest
    @MethodSource("callers")
    void unicodeNamesAreStoredAndFound(Caller caller) {
        for (String name : List.of("محمد عبد الله", "王小明", "Zoë 🎉 Müller")) {
            String phone = freshPhone();
            Reply created = put(caller, encoded(phone), "{\"name\":\"" + name + "\"}");
            assertEquals(name, created.json().get("name"));
            assertEquals(name, caller.call("GET", "/v1/contacts/" + encoded(phone), Map.of("Authorization", reader), null).json().get("name"));
        }
        String firstWord = "محمد";
        Reply found = caller.call("GET", "/v1/contacts?q=" + java.net.URLEncoder.encode(firstWord, java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Authorization", reader), null);
        assertTrue(names(found).contains("محمد عبد الله"), found.body());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void deleteSoftDeletesFreesThePhoneKeepsMessagesAndPutRestores(Caller caller) {
        String phone = freshPhone();
        String id = (String) put(caller, encoded(phone), "{\"name\":\"Leaving\"}").json().get("id");
        sql.execute("INSERT INTO messages (id, phone, direction, type, status, content) VALUES ('msg_" + id + "', '" + phone
                + "', 'inbound', 'text', 'received', 'hi')");

        assertEquals(204, caller.call("DELETE", "/v1/contacts/" + encoded(phone), Map.of("Authorization", writer), null).status());
        assertEquals(404, caller.call("GET", "/v1/contacts/" + encoded(phone), Map.of("Authorization", reader), null).status());
        assertEquals(404, caller.call("DELETE", "/v1/contacts/" + encoded(phone), Map.of("Authorization", writer), null).status());
        assertEquals("1", sql.queryValue("SELECT count(*) FROM messages WHERE phone = '" + phone + "'"), "messages stay");

        Reply restored = put(caller, encoded(phone), "{\"name\":\"Back\"}");
        assertEquals(200, restored.status(), "a restored contact is not new: " + restored.body());
        assertEquals(true, restored.json().get("restored"), restored.body());
        assertEquals(id, restored.json().get("id"), "the deleted contact comes back");
        assertEquals("Back", restored.json().get("name"));
        assertEquals("1", sql.queryValue("SELECT count(*) FROM contacts WHERE phone = '" + phone + "'"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aContactKnownOnlyByItsBsuidIsCreatedReadUpdatedAndDeletedByItOrByItsId(Caller caller) {
        String userId = "BR.T" + numbers.incrementAndGet() + "x" + System.nanoTime();
        Reply created = put(caller, userId, "{\"name\":\"Maria\"}");
        assertEquals(201, created.status(), created.body());
        assertNull(created.json().get("phone"));
        assertEquals(userId, created.json().get("user_id"));
        String id = (String) created.json().get("id");

        assertEquals(200, put(caller, userId, "{\"name\":\"Maria L.\"}").status(), "the same BSUID is the same contact");
        Reply byId = caller.call("GET", "/v1/contacts/" + id, Map.of("Authorization", reader), null);
        assertEquals(200, byId.status(), byId.body());
        assertEquals("Maria L.", byId.json().get("name"));
        Reply updatedById = put(caller, id, "{\"metadata\":{\"tier\":\"gold\"}}");
        assertEquals(200, updatedById.status(), updatedById.body());
        assertEquals(userId, updatedById.json().get("user_id"));
        assertEquals(Map.of("tier", "gold"), caller.call("GET", "/v1/contacts/" + userId, Map.of("Authorization", reader), null)
                .json().get("metadata"));

        assertEquals(204, caller.call("DELETE", "/v1/contacts/" + userId, Map.of("Authorization", writer), null).status());
        assertEquals(404, caller.call("GET", "/v1/contacts/" + userId, Map.of("Authorization", reader), null).status());
        assertEquals(404, caller.call("GET", "/v1/contacts/" + id, Map.of("Authorization", reader), null).status());
        assertEquals(404, put(caller, id, "{}").status(), "an id names a live contact; it never makes one");
        Reply restored = put(caller, userId, "{}");
        assertEquals(200, restored.status(), restored.body());
        assertEquals(true, restored.json().get("restored"), restored.body());
        Reply again = put(caller, userId, "{}");
        assertEquals(200, again.status(), again.body());
        assertNull(again.json().get("restored"), "only the PUT that restored says so: " + again.body());
        assertEquals(id, restored.json().get("id"), "a PUT by BSUID brings the deleted contact back");
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aContactKnownByPhoneAndBsuidIsOneContactByEitherAndFoundBySearch(Caller caller) {
        String phone = freshPhone();
        String userId = "US.T" + numbers.incrementAndGet() + "x" + System.nanoTime();
        int n = numbers.incrementAndGet();
        String username = "zephyrine.quill_" + n;
        sql.execute("INSERT INTO contacts (id, phone, user_id, parent_user_id, username, name) VALUES ('contact_" + userId.substring(3)
                + "', '" + phone + "', '" + userId + "', 'US.ENT." + userId.substring(3) + "', '" + username + "', 'Both Ways')");
        for (String ref : List.of(encoded(phone), userId, "US.ENT." + userId.substring(3), "contact_" + userId.substring(3))) {
            Reply found = caller.call("GET", "/v1/contacts/" + ref, Map.of("Authorization", reader), null);
            assertEquals(200, found.status(), ref + ": " + found.body());
            assertEquals(phone + "|" + userId + "|" + username, found.json().get("phone") + "|" + found.json().get("user_id") + "|"
                    + found.json().get("username"), ref);
        }
        assertEquals(List.of("Both Ways"), names(caller.call("GET", "/v1/contacts?q=" + userId, Map.of("Authorization", reader), null)));
        assertEquals(List.of("Both Ways"), names(caller.call("GET", "/v1/contacts?q=quill%20" + n, Map.of("Authorization", reader), null)),
                "the words of a username are found like a name's");
        assertEquals(List.of(), names(caller.call("GET", "/v1/contacts?q=US.NOBODY1", Map.of("Authorization", reader), null)));
        assertEquals(200, put(caller, userId, "{\"name\":\"Renamed\"}").status());
        assertEquals("Renamed", caller.call("GET", "/v1/contacts/" + encoded(phone), Map.of("Authorization", reader), null).json().get("name"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void aReferenceThatIsNoIdPhoneOrBsuidIsA400AndAnUnknownOneA404(Caller caller) {
        for (String ref : List.of("us.1234", "US-1234", "US.ENT.", "contact")) {
            Reply reply = caller.call("GET", "/v1/contacts/" + ref, Map.of("Authorization", reader), null);
            assertEquals(400, reply.status(), ref + ": " + reply.body());
        }
        Reply unknown = caller.call("GET", "/v1/contacts/US.NOBODY2", Map.of("Authorization", reader), null);
        assertEquals(404, unknown.status());
        assertEquals("No contact with the business-scoped user id US.NOBODY2.", unknown.json().get("detail"));
        assertEquals(404, caller.call("GET", "/v1/contacts/contact_01NOSUCH", Map.of("Authorization", reader), null).status());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void scopesAreEnforced(Caller caller) {
        String phone = freshPhone();
        assertEquals(403, caller.call("PUT", "/v1/contacts/" + encoded(phone), Map.of("Authorization", reader,
                "Content-Type", "application/json"), "{}").status());
        assertEquals(403, caller.call("DELETE", "/v1/contacts/" + encoded(phone), Map.of("Authorization", reader), null).status());
        assertEquals(401, caller.call("GET", "/v1/contacts/" + encoded(phone), Map.of(), null).status());
    }

    @Test
    void concurrentPutsOfOneNewPhoneMakeOneRowAndNo500() throws Exception {
        String phone = freshPhone();
        List<Caller> both = callers().toList();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                Caller caller = both.get(i % 2);
                int n = i;
                calls.add(() -> put(caller, encoded(phone), "{\"metadata\":{\"k" + n + "\":" + n + "}}").status());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(19, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals("1", sql.queryValue("SELECT count(*) FROM contacts WHERE phone = '" + phone + "'"));
        assertEquals("20", sql.queryValue("SELECT count(*) FROM contacts, jsonb_object_keys(metadata) WHERE phone = '" + phone + "'"),
                "every merge landed: none lost to a race");
    }

    @ParameterizedTest
    @MethodSource("callers")
    void searchMatchesNamePrefixesAndPhoneDigitsNewestFirstAndPagesSurviveInserts(Caller caller) {
        String tag = "Qz" + numbers.incrementAndGet();
        List<String> phones = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            String phone = freshPhone();
            phones.add(phone);
            put(caller, encoded(phone), "{\"name\":\"" + tag + " Person" + i + "\"}");
            sql.execute("UPDATE contacts SET last_message_at = '2026-04-0" + (i + 1) + "T00:00:00Z' WHERE phone = '" + phone + "'");
        }
        Reply prefix = caller.call("GET", "/v1/contacts?q=" + tag.toLowerCase() + "%20pers&limit=2",
                Map.of("Authorization", reader), null);
        assertEquals(List.of(tag + " Person4", tag + " Person3"), names(prefix));
        String cursor = (String) prefix.json().get("next_cursor");

        // A contact messaged after the first page was read must not shift the pages that follow.
        String newcomer = freshPhone();
        put(caller, encoded(newcomer), "{\"name\":\"" + tag + " Person9\"}");
        sql.execute("UPDATE contacts SET last_message_at = '2026-05-01T00:00:00Z' WHERE phone = '" + newcomer + "'");

        List<String> rest = new ArrayList<>();
        while (cursor != null) {
            Reply page = caller.call("GET", "/v1/contacts?q=" + tag + "&limit=2&cursor=" + cursor, Map.of("Authorization", reader), null);
            assertEquals(200, page.status(), page.body());
            rest.addAll(names(page));
            cursor = (String) page.json().get("next_cursor");
        }
        assertEquals(List.of(tag + " Person2", tag + " Person1", tag + " Person0"), rest);

        String digits = phones.get(2).substring(6);
        assertEquals(List.of(tag + " Person2"), names(caller.call("GET", "/v1/contacts?q=" + digits, Map.of("Authorization", reader), null)));
        assertEquals(400, caller.call("GET", "/v1/contacts?limit=101", Map.of("Authorization", reader), null).status());
        Reply badCursor = caller.call("GET", "/v1/contacts?cursor=bm9wZQ", Map.of("Authorization", reader), null);
        assertEquals("urn:wa-gateway:problem:invalid-cursor", badCursor.json().get("type"));
        assertNull(caller.call("GET", "/v1/contacts?q=" + tag + "&limit=100", Map.of("Authorization", reader), null).json().get("next_cursor"));
    }

    private static List<String> names(Reply reply) {
        return ((List<Map<String, Object>>) reply.json().get("items")).stream().map(c -> (String) c.get("name")).toList();
    }
}
