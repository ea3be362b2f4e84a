package dev.wagateway.shared.contact;

import dev.wagateway.shared.identity.WhatsAppUser;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.shared.search.TextSearch;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactRepositoryTest implements FreshDatabase {

    @Inject
    ContactRepository contacts;

    private DatabaseCoordinates database;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        this.database = database;
    }

    @BeforeAll
    void seed() {
        save("+351912345678", "Maria Silva", "2026-03-05T10:00:00Z");
        save("+5511987654321", "Mário Souza", "2026-03-04T10:00:00Z");
        save("+971501234567", "محمد علي", "2026-03-03T10:00:00Z");
        save("+8613800138000", "李小龙", null);
        save("+447700900123", "Zoë 🎉 Parker", "2026-03-01T10:00:00Z");
    }

    private Contact save(String phone, String name, String lastMessageAt) {
        Contact created = contacts.save(Contact.create(WhatsAppUser.ofPhone(phone), name, null, Map.of("source", "test")));
        if (lastMessageAt != null) {
            new Sql(database).execute("UPDATE contacts SET last_message_at = '" + lastMessageAt + "' WHERE id = '" + created.id() + "'");
        }
        return created;
    }

    @Test
    void savesAndFindsTheLiveContactByPhoneWithItsMetadata() {
        Contact saved = contacts.save(Contact.create(WhatsAppUser.ofPhone("+15550109999"), "Ana", "https://cdn.example/a.png",
                Map.of("tier", "gold", "tags", List.of("vip", "été"), "nested", Map.of("n", 3))));
        Contact found = contacts.findLiveByPhone("+15550109999").orElseThrow();
        assertEquals(saved.id(), found.id());
        assertTrue(found.id().startsWith("contact_"));
        assertEquals("gold", found.metadata().get("tier"));
        assertEquals(List.of("vip", "été"), found.metadata().get("tags"));
        assertEquals(Map.of("n", 3), found.metadata().get("nested"));
        assertNotNull(found.createdAt());

        contacts.update(new Contact(found.id(), found.phone(), found.userId(), found.parentUserId(), found.username(), found.name(), found.profilePictureUrl(), found.lastMessageAt(),
                found.messageCount(), found.unreadCount(), found.blocked(), found.metadata(), found.createdAt(),
                found.updatedAt(), Instant.now()));
        assertTrue(contacts.findLiveByPhone("+15550109999").isEmpty(), "a soft-deleted contact is not live");
        contacts.save(Contact.create(WhatsAppUser.ofPhone("+15550109999"), "Ana again", null, Map.of()));
        assertEquals("Ana again", contacts.findLiveByPhone("+15550109999").orElseThrow().name());
    }

    @Test
    void searchMatchesWordPrefixesInAnyScriptAndPhoneDigits() {
        assertEquals(List.of("Maria Silva"), names(search("mar")));
        assertEquals(List.of("Maria Silva"), names(search("SIL ma")));
        assertEquals(List.of("Mário Souza"), names(search("mári")));
        assertEquals(List.of("محمد علي"), names(search("محم")));
        assertEquals(List.of("李小龙"), names(search("李小龙")));
        assertEquals(List.of("Zoë 🎉 Parker"), names(search("zoë")));
        assertEquals(List.of("Mário Souza"), names(search("98765")));
        assertEquals(List.of(), names(search("nobody")));
    }

    @Test
    void pagesRunNewestFirstWithoutMessagesLastAndSurviveInserts() {
        List<String> seen = new ArrayList<>();
        Instant afterAt = null;
        String afterId = null;
        boolean inserted = false;
        while (true) {
            List<Contact> page = contacts.search(null, null, afterAt, afterId, 2);
            if (page.isEmpty()) {
                break;
            }
            page.forEach(c -> seen.add(c.name()));
            Contact last = page.getLast();
            afterAt = last.lastMessageAt();
            afterId = last.id();
            if (!inserted) {
                // A contact messaged just now sorts before the cursor: later pages must not shift.
                save("+15550107777", "Newcomer", "2026-12-01T00:00:00Z");
                inserted = true;
            }
        }
        List<String> expectedOrder = List.of("Maria Silva", "Mário Souza", "محمد علي", "Zoë 🎉 Parker");
        assertEquals(expectedOrder, seen.stream().filter(expectedOrder::contains).toList());
        assertTrue(seen.indexOf("李小龙") > seen.indexOf("Zoë 🎉 Parker"), "never-messaged contacts come last: " + seen);
        assertEquals(seen.size(), seen.stream().distinct().count(), "no contact twice: " + seen);
        assertTrue(!seen.contains("Newcomer"), "a row inserted before the cursor does not appear on later pages");
    }

    private List<Contact> search(String typed) {
        boolean digits = typed.matches("[0-9 ]+");
        return contacts.search(digits ? null : TextSearch.prefixQuery(typed).orElse(null),
                digits ? TextSearch.phoneDigits(typed).orElse(null) : null, null, null, 50);
    }

    private static List<String> names(List<Contact> found) {
        return found.stream().map(Contact::name).toList();
    }
}
