package dev.wagateway.shared.paging;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CursorTest {

    @Test
    void roundTripsInstantsNamesWithTheSeparatorAndNullKeys() {
        Cursor byTime = Cursor.after(Instant.parse("2026-05-01T12:00:00.123456Z"), "msg_01J");
        assertEquals(byTime, Cursor.decode(byTime.encode()).orElseThrow());
        assertEquals(Instant.parse("2026-05-01T12:00:00.123456Z"), Cursor.decode(byTime.encode()).orElseThrow().instantKey());

        Cursor byName = new Cursor("a|b=c", "tmpl_1");
        assertEquals(byName, Cursor.decode(byName.encode()).orElseThrow());

        Cursor noKey = Cursor.after(null, "contact_9");
        assertNull(Cursor.decode(noKey.encode()).orElseThrow().instantKey());
        assertEquals(Optional.empty(), Cursor.decode(" "));
    }

    @Test
    void aCursorNotMadeHereIsAnInvalidCursorProblem() {
        for (String forged : List.of("%%%", Base64.getUrlEncoder().encodeToString("no-separator".getBytes()),
                Base64.getUrlEncoder().encodeToString("|=x".getBytes()),
                Base64.getUrlEncoder().encodeToString("id|nokeymarker".getBytes()))) {
            assertThrows(InvalidCursorException.class, () -> Cursor.decode(forged), forged);
        }
        Cursor notATime = Cursor.decode(new Cursor("yesterday", "id").encode()).orElseThrow();
        assertThrows(InvalidCursorException.class, notATime::instantKey);
    }

    @Test
    void aPageFromOneRowTooManyHasANextCursorAndTheLastPageHasNone() {
        Page<String> full = Page.of(List.of("a", "b", "c"), 2, s -> new Cursor(null, s));
        assertEquals(List.of("a", "b"), full.items());
        assertEquals("b", Cursor.decode(full.nextCursor()).orElseThrow().id());
        Page<String> last = Page.of(List.of("a", "b"), 2, s -> new Cursor(null, s));
        assertNull(last.nextCursor());
    }
}
