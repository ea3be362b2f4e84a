package dev.wagateway.shared.template;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class TemplateVocabularyTest {

    @Test
    void statusesInAnySpellingBecomeMetas() {
        assertEquals(Optional.of("APPROVED"), TemplateVocabulary.status("approved"));
        assertEquals(Optional.of("IN_APPEAL"), TemplateVocabulary.status(" In appeal "));
        assertEquals(Optional.of("PENDING_DELETION"), TemplateVocabulary.status("pending-deletion"));
        assertEquals(Optional.empty(), TemplateVocabulary.status("live"));
        assertEquals(Optional.empty(), TemplateVocabulary.status(null));
    }

    @Test
    void categoriesAndTheirOldNamesBecomeTodaysThree() {
        assertEquals(Optional.of("MARKETING"), TemplateVocabulary.category("marketing"));
        assertEquals(Optional.of("UTILITY"), TemplateVocabulary.category("TRANSACTIONAL"));
        assertEquals(Optional.of("UTILITY"), TemplateVocabulary.category("shipping_update"));
        assertEquals(Optional.of("AUTHENTICATION"), TemplateVocabulary.category("otp"));
        assertEquals(Optional.empty(), TemplateVocabulary.category("promo"));
    }

    @Test
    void countsDistinctBodyParametersPositionalAndNamed() {
        List<Object> components = List.of(Map.of("type", "HEADER", "text", "{{9}}"),
                Map.of("type", "BODY", "text", "Hi {{1}}, {{2}} and again {{1}}"));
        assertEquals("Hi {{1}}, {{2}} and again {{1}}", TemplateVocabulary.bodyText(components));
        assertEquals(2, TemplateVocabulary.bodyParameterCount(TemplateVocabulary.bodyText(components)));
        assertEquals(2, TemplateVocabulary.bodyParameterCount("Dear {{ first_name }}, order {{order_id}} is ready"));
        assertEquals(0, TemplateVocabulary.bodyParameterCount("No parameters {here}"));
        assertNull(TemplateVocabulary.bodyText(List.of(Map.of("type", "FOOTER", "text", "x"))));
    }
}
