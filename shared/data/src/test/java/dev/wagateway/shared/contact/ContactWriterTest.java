package dev.wagateway.shared.contact;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.time.Instant;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContactWriterTest implements TestPropertyProvider {

    @Inject
    ContactWriter activity;

    @Inject
    TransactionOperations<Connection> transactions;

    private Sql sql;

    @Override
    public Map<String, String> getProperties() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        sql = new Sql(database);
        return database.datasourceProperties();
    }

    @Test
    void theFirstMessageMakesTheContactAndLaterOnesCountAndFollowTheProfileName() {
        inbound("+351911111111", "Ana", "2026-05-01T10:00:00Z");
        inbound("+351911111111", "Ana Sousa", "2026-05-01T12:00:00Z");
        inbound("+351911111111", null, "2026-05-01T11:00:00Z");
        assertEquals("3|3|2026-05-01 12:00|Ana Sousa|Ana Sousa", row("+351911111111"));
    }

    @Test
    void aNameTheBusinessGaveIsKept() {
        sql.execute("INSERT INTO contacts (id, phone, name) VALUES ('contact_b', '+351922222222', 'Bruno (supplier)')");
        inbound("+351922222222", "Bruno", "2026-05-01T10:00:00Z");
        assertEquals("1|1|2026-05-01 10:00|Bruno (supplier)|Bruno", row("+351922222222"));
    }

    private void inbound(String phone, String profileName, String at) {
        transactions.executeWrite(status -> {
            activity.inboundMessage(phone, profileName, Instant.parse(at));
            return null;
        });
    }

    private String row(String phone) {
        return sql.queryValue("SELECT message_count || '|' || unread_count || '|' || to_char(last_message_at AT TIME ZONE 'UTC', "
                + "'YYYY-MM-DD HH24:MI') || '|' || name || '|' || (metadata->>'whatsappProfileName') FROM contacts WHERE phone = '" + phone + "'");
    }
}
