package dev.wagateway.shared.id;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdsTest {

    @Test
    void newIdsArePrefixedAndSortInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.MESSAGE.next());
        }
        assertEquals(ids.stream().sorted().toList(), ids, "monotonic, also within one millisecond");
        assertEquals(ids.size(), ids.stream().distinct().count());
        assertTrue(ids.getFirst().matches("msg_[0-9A-HJKMNP-TV-Z]{26}"), ids.getFirst());
        assertTrue(Ids.CONTACT.next().startsWith("contact_"));
        assertTrue(Ids.TEMPLATE.matches(Ids.TEMPLATE.next()));
        assertFalse(Ids.TEMPLATE.matches("msg_01ABC"));
        assertFalse(Ids.TEMPLATE.matches("tmpl_"));
    }
}
