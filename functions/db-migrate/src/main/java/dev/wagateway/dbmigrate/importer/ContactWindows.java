package dev.wagateway.dbmigrate.importer;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The customer service window of imported contacts: {@code last_inbound_at} (V46) from the latest inbound message
 * stored by any identity of the contact, as V46 filled it for the rows that were there, after every run (the first
 * import and each delta, whose inbound messages may be newer). The legacy gateway kept no such column, so without
 * it a free-form send to an imported customer who wrote an hour ago is refused.
 *
 * <p>{@code updated_at} stays as imported: the import's row hashes cover it, and a moved one would make the next
 * delta see every contact as changed in the target (a conflict); V56's setting keeps it, without the table lock a
 * disabled trigger would take (an online delta runs beside webhooks). The latest times are found first, into a
 * temporary table, so the contacts' rows are held for the update alone.
 */
final class ContactWindows {

    private static final String LATEST = """
            CREATE TEMPORARY TABLE import_contact_windows ON COMMIT DROP AS
            WITH by_phone AS (SELECT phone, max(created_at) AS at FROM messages
                              WHERE direction = 'inbound' AND phone IS NOT NULL GROUP BY phone),
                 by_user AS (SELECT user_id, max(created_at) AS at FROM messages
                             WHERE direction = 'inbound' AND user_id IS NOT NULL GROUP BY user_id),
                 by_parent AS (SELECT parent_user_id, max(created_at) AS at FROM messages
                               WHERE direction = 'inbound' AND parent_user_id IS NOT NULL GROUP BY parent_user_id)
            SELECT c.id, greatest(p.at, u.at, pa.at) AS at
            FROM contacts c
            LEFT JOIN by_phone p ON p.phone = c.phone
            LEFT JOIN by_user u ON u.user_id = c.user_id
            LEFT JOIN by_parent pa ON pa.parent_user_id = c.parent_user_id
            WHERE c.deleted_at IS NULL
              AND greatest(p.at, u.at, pa.at) > coalesce(c.last_inbound_at, '-infinity'::timestamptz)""";

    private ContactWindows() {
    }

    /** Moves each live contact's {@code last_inbound_at} up to its latest inbound message; in the caller's transaction. */
    static int fill(Connection target) throws SQLException {
        try (Statement statement = target.createStatement()) {
            statement.execute(LATEST);
            // V56: updated_at stays, for this transaction's updates only (no lock on the table, unlike a disabled trigger).
            statement.execute("SET LOCAL wa_gateway.keep_updated_at = 'on'");
            int moved = statement.executeUpdate("UPDATE contacts c SET last_inbound_at = w.at FROM import_contact_windows w "
                    + "WHERE c.id = w.id AND w.at > coalesce(c.last_inbound_at, '-infinity'::timestamptz)");
            statement.execute("SET LOCAL wa_gateway.keep_updated_at = 'off'");
            statement.execute("DROP TABLE import_contact_windows");
            return moved;
        }
    }
}
