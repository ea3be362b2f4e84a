package dev.wagateway.shared.message;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.FreshDatabase;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageRepositoryTest implements FreshDatabase {

    private static final String ANA = "+351912345678";
    private static final String BO = "+5511987654321";

    @Inject
    MessageRepository messages;

    private DatabaseCoordinates database;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        this.database = database;
    }

    @BeforeAll
    void seed() {
        messages.save(Message.inbound(ANA, "text", "Olá! A encomenda chegou às três", null, null, "wamid.in1", "pn1", Map.of()));
        messages.save(Message.outbound(ANA, "text", "Obrigado, boa tarde", null, null, "pn1", Map.of("campaign", "c1")));
        messages.save(Message.inbound(BO, "image", null, "https://cdn.example/p.jpg", "Foto da encomenda", "wamid.in2", "pn1", Map.of()));
        messages.save(Message.outbound(BO, "template", "Your code is 1234", null, null, "pn1", Map.of()));
        // Equal timestamps: the id must break the tie, or a page boundary would skip or repeat rows.
        new Sql(database).execute("UPDATE messages SET created_at = '2026-05-01T12:00:00Z'");
    }

    @Test
    void findsAMessageByItsWamid() {
        Message found = messages.findByWhatsappMessageId("wamid.in2").orElseThrow();
        assertEquals(BO, found.phone());
        assertEquals("image", found.type());
        assertEquals("received", found.status());
        assertTrue(found.id().startsWith("msg_"));
        assertTrue(messages.findByWhatsappMessageId("wamid.nope").isEmpty());
    }

    @Test
    void filtersByPhoneStatusDirectionAndWordsOfContentOrCaption() {
        assertEquals(2, list(ANA, null, null, null).size());
        assertEquals(1, list(null, "accepted", "outbound", null).stream().filter(m -> m.phone().equals(ANA)).count());
        assertEquals(2, list(null, null, "inbound", null).size());
        assertEquals(List.of(ANA, BO), list(null, null, null, "encomenda").stream().map(Message::phone).sorted().toList());
        assertEquals(1, list(null, null, null, "três").size(), "non-ASCII words are found");
        assertEquals(0, list(BO, null, null, "três").size());
        assertEquals(0, list(null, null, null, "parcel").size());
    }

    @Test
    void pagesWalkEveryRowOnceEvenWithEqualTimestamps() {
        List<String> seen = new ArrayList<>();
        Instant afterAt = null;
        String afterId = null;
        List<Message> page;
        do {
            page = messages.list(null, null, null, null, null, null, afterAt, afterId, 1);
            page.forEach(m -> seen.add(m.id()));
            if (!page.isEmpty()) {
                afterAt = page.getLast().createdAt();
                afterId = page.getLast().id();
            }
        } while (!page.isEmpty());
        assertEquals(4, seen.size());
        assertEquals(seen.stream().sorted().toList().reversed(), seen, "newest (largest id) first on a tie");
    }

    private List<Message> list(String phone, String status, String direction, String text) {
        return messages.list(phone, null, null, status, direction, text, null, null, 100);
    }
}
