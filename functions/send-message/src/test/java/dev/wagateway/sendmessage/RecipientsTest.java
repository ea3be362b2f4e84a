package dev.wagateway.sendmessage;

import dev.wagateway.shared.problem.ProblemException;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RecipientsTest {

    private final Recipients international = new Recipients("");
    private final Recipients brazil = new Recipients("br");

    @Test
    void commonSpellingsBecomeE164() {
        for (String spelling : new String[]{"+55 11 98765-4321", "0055 (11) 98765 4321", "5511987654321", "+5511987654321"}) {
            assertEquals(Optional.of("+5511987654321"), international.normalise(spelling), spelling);
        }
        assertEquals(Optional.of("+442079460958"), international.normalise("+44 20 7946 0958"));
    }

    @Test
    void nationalNumbersNeedADefaultRegion() {
        assertEquals(Optional.empty(), international.normalise("(11) 98765-4321"));
        assertEquals(Optional.of("+5511987654321"), brazil.normalise("(11) 98765-4321"));
        assertEquals(Optional.of("+16505551234"), brazil.normalise("+1 650 555 1234"), "an international number stays itself");
    }

    @Test
    void invalidNumbersAreA400NamingTheField() {
        for (String bad : new String[]{"12345", "+999 123", "call me", "", "+5511987654321" + "0".repeat(40)}) {
            assertEquals(Optional.empty(), international.normalise(bad), bad);
        }
        ProblemException e = assertThrows(ProblemException.class, () -> international.e164("to", "12345"));
        assertEquals("to", e.errors().getFirst().field());
    }
}
