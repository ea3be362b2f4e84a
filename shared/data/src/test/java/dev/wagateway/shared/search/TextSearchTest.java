package dev.wagateway.shared.search;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TextSearchTest {

    @Test
    void typedWordsBecomeQuotedPrefixTermsAndOperatorsAreDropped() {
        assertEquals(Optional.of("'maria':* & 'sil':*"), TextSearch.prefixQuery("Maria  Sil"));
        assertEquals(Optional.of("'o':* & 'brien':* & 'drop':* & 'table':*"), TextSearch.prefixQuery("O'Brien & !drop | table:*"));
        assertEquals(Optional.of("'محمد':*"), TextSearch.prefixQuery("محمد"));
        assertEquals(Optional.empty(), TextSearch.prefixQuery(" !&| "));
        assertEquals(Optional.empty(), TextSearch.prefixQuery(null));
    }

    @Test
    void phoneDigitsNeedThreeDigits() {
        assertEquals(Optional.of("15550102"), TextSearch.phoneDigits("+1 (555) 010-2"));
        assertEquals(Optional.empty(), TextSearch.phoneDigits("55"));
        assertEquals(Optional.empty(), TextSearch.phoneDigits("maria"));
    }

    @Test
    void likeWildcardsAreEscaped() {
        assertEquals("50\\%\\_off\\\\", TextSearch.escapeLike("50%_off\\"));
    }
}
