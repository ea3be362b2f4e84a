package dev.wagateway.shared.status;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class MessageStatusOrderTest {

    @ParameterizedTest(name = "{1} over {0}: {2}")
    @CsvSource({
            "accepted, sent, true",
            "sent, delivered, true",
            "delivered, read, true",
            "read, sent, false",
            "read, delivered, false",
            "delivered, sent, false",
            "sent, failed, true",
            "accepted, failed, true",
            "failed, sent, false",
            "failed, delivered, true",
            "failed, read, true",
            "delivered, failed, false",
            "read, failed, false",
            "read, read, false",
            "received, read, false",
            "sent, deleted, false",
            "sent, warning, false"})
    void aStatusReplacesOnlyALowerOne(String current, String reported, boolean supersedes) {
        assertEquals(supersedes, MessageStatusOrder.supersedes(reported, current));
    }

    @Test
    void theOutcomeDoesNotDependOnArrivalOrder() {
        List<String> reports = new ArrayList<>(List.of("sent", "failed", "delivered", "read", "sent"));
        for (int round = 0; round < 50; round++) {
            Collections.shuffle(reports);
            String current = "accepted";
            for (String reported : reports) {
                if (MessageStatusOrder.supersedes(reported, current)) {
                    current = reported;
                }
            }
            assertEquals("read", current, reports.toString());
        }
    }

    @Test
    void theSqlRankIsTheSameOrder() {
        assertEquals("(CASE m.status WHEN 'accepted' THEN 0 WHEN 'sent' THEN 1 WHEN 'failed' THEN 2 WHEN 'delivered' THEN 3 "
                + "WHEN 'read' THEN 4 END)", MessageStatusOrder.rankSql("m.status"));
    }
}
