package dev.wagateway.shared.template;

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
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TemplateRepositoryTest implements FreshDatabase {

    @Inject
    TemplateRepository templates;

    @BeforeAll
    void seed() {
        List<Object> components = List.of(Map.of("type", "BODY", "text", "Hi {{1}}, your order {{2}} shipped"));
        templates.save(Template.create("order_shipped", "en_US", "UTILITY", "APPROVED", "Hi {{1}}", components, 2, "111"));
        templates.save(Template.create("order_shipped", "pt_BR", "UTILITY", "PENDING", "Olá {{1}}", components, 2, "112"));
        templates.save(Template.create("promo_50%_off", "en_US", "MARKETING", "APPROVED", "Sale", List.of(), 0, "113"));
        templates.save(Template.create("promo_5000", "en_US", "MARKETING", "REJECTED", "Sale", List.of(), 0, "114"));
        Template gone = templates.save(Template.create("retired", "en_US", "UTILITY", "APPROVED", "Old", List.of(), 0, "115"));
        templates.update(new Template(gone.id(), gone.name(), gone.language(), gone.category(), gone.status(), gone.content(),
                gone.components(), gone.parameters(), gone.bodyParameterCount(), gone.whatsappTemplateId(), gone.metadata(),
                gone.createdAt(), gone.updatedAt(), Instant.now()));
    }

    @Test
    void findsALiveTemplateByNameAndLanguageWithItsComponents() {
        Template found = templates.findLive("order_shipped", "pt_BR").orElseThrow();
        assertEquals("PENDING", found.status());
        assertEquals(2, found.bodyParameterCount());
        assertEquals("BODY", ((Map<?, ?>) found.components().getFirst()).get("type"));
        assertTrue(templates.findLive("retired", "en_US").isEmpty(), "soft-deleted templates are not live");
        assertEquals(4, templates.findAllLive().size());
    }

    @Test
    void filtersByEachFieldAndNameContainsTakesWildcardsLiterally() {
        assertEquals(List.of("order_shipped/en_US", "promo_50%_off/en_US"), keys(list("APPROVED", null, null, null, null)));
        assertEquals(List.of("promo_50%_off/en_US", "promo_5000/en_US"), keys(list(null, "MARKETING", null, null, null)));
        assertEquals(List.of("order_shipped/pt_BR"), keys(list(null, null, "pt_BR", null, null)));
        assertEquals(List.of("order_shipped/en_US", "order_shipped/pt_BR"), keys(list(null, null, null, "order_shipped", null)));
        assertEquals(List.of("promo_50%_off/en_US"), keys(list(null, null, null, null, "50%")));
        assertEquals(List.of("promo_50%_off/en_US", "promo_5000/en_US"), keys(list(null, null, null, null, "PROMO_5")));
        assertEquals(List.of(), keys(list(null, null, null, null, "retired")));
    }

    @Test
    void pagesByNameThenId() {
        List<String> seen = new ArrayList<>();
        String afterName = null;
        String afterId = null;
        List<Template> page;
        do {
            page = templates.list(null, null, null, null, null, afterName, afterId, 3);
            page.forEach(t -> seen.add(t.name() + "/" + t.language()));
            if (!page.isEmpty()) {
                afterName = page.getLast().name();
                afterId = page.getLast().id();
            }
        } while (!page.isEmpty());
        assertEquals(4, seen.size());
        // Byte order: '%' (0x25) sorts before '0' (0x30).
        assertEquals(List.of("order_shipped", "order_shipped", "promo_50%_off", "promo_5000"),
                seen.stream().map(k -> k.substring(0, k.indexOf('/'))).toList());
    }

    private List<Template> list(String status, String category, String language, String name, String contains) {
        return templates.list(status, category, language, name, contains == null ? null : TextSearch.escapeLike(contains),
                null, null, 100);
    }

    private static List<String> keys(List<Template> found) {
        return found.stream().map(t -> t.name() + "/" + t.language()).sorted().toList();
    }
}
