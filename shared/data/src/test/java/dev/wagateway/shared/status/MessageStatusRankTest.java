package dev.wagateway.shared.status;

import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The status order, message_status_rank (V37), as every writer of a message's status applies it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MessageStatusRankTest {

    // What the writers' statements test before they move a status: the reported one ranks higher.
    private static final String SUPERSEDES =
            "SELECT coalesce(message_status_rank(CAST(? AS text)) < message_status_rank(CAST(? AS text)), false)";

    private Connection connection;

    @BeforeAll
    void connect() throws SQLException {
        connection = new Sql(TestDatabases.instance().create(getClass().getSimpleName())).connect();
    }

    @AfterAll
    void disconnect() throws SQLException {
        connection.close();
    }

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
    void aStatusReplacesOnlyALowerOne(String current, String reported, boolean supersedes) throws SQLException {
        assertEquals(supersedes, supersedes(reported, current));
    }

    @Test
    void theOutcomeDoesNotDependOnArrivalOrder() throws SQLException {
        List<String> reports = new ArrayList<>(List.of("sent", "failed", "delivered", "read", "sent"));
        for (int round = 0; round < 50; round++) {
            Collections.shuffle(reports);
            String current = "accepted";
            for (String reported : reports) {
                if (supersedes(reported, current)) {
                    current = reported;
                }
            }
            assertEquals("read", current, reports.toString());
        }
    }

    @Test
    void theRanksAreTheOrderAcceptedSentFailedDeliveredRead() throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT s, message_status_rank(s) FROM unnest(ARRAY['accepted', 'sent', 'failed', 'delivered', 'read', 'received']) AS s");
             ResultSet result = statement.executeQuery()) {
            List<String> ranks = new ArrayList<>();
            while (result.next()) {
                ranks.add(result.getString(1) + "=" + result.getString(2));
            }
            assertEquals(List.of("accepted=0", "sent=1", "failed=2", "delivered=3", "read=4", "received=null"), ranks);
        }
    }

    private boolean supersedes(String reported, String current) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(SUPERSEDES)) {
            statement.setString(1, current);
            statement.setString(2, reported);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }
}
