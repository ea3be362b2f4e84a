package dev.wagateway.shared.contact;

import dev.wagateway.shared.lock.AdvisoryLocks;
import dev.wagateway.shared.identity.Identity;
import dev.wagateway.shared.identity.WhatsAppUser;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Keeps one live contact per WhatsApp user, whichever identities (phone, BSUID, parent BSUID) each
 * message or request brings. When a webhook brings a phone and a BSUID for a contact known by one,
 * the contact learns the other; when they name two contacts, the two are one user: the younger is
 * merged into the older (counters added, the merged row soft-deleted with {@code mergedInto}, the
 * merge kept in {@code contact_merges}).
 *
 * <p>Every method runs in the caller's transaction. Writes to one identity are serialised by a
 * transaction lock on it ({@link Identity#lockKey()}, the lock {@code ContactService} takes too):
 * without it, two first messages of one user could make two contacts.
 */
@Singleton
public class ContactIdentities {

    private static final String LOCK = AdvisoryLocks.EACH_CONTACT_IDENTITY;

    // Run after LOCK in the same round trip: a statement of its own, so its snapshot sees what the
    // lock's last holder committed.
    private static final String FIND = """
            SELECT id, phone, user_id, parent_user_id, username FROM contacts
            WHERE deleted_at IS NULL AND (phone = ? OR user_id = ? OR parent_user_id = ?)
            ORDER BY created_at, id
            FOR UPDATE""";

    private static final String MERGE = """
            WITH merged AS (
                SELECT c.*, to_jsonb(c) AS row FROM contacts c WHERE c.id = ? AND c.deleted_at IS NULL),
            retired AS (
                UPDATE contacts c SET deleted_at = now(),
                                      metadata = c.metadata || jsonb_build_object('mergedInto', CAST(? AS text))
                FROM merged WHERE c.id = merged.id
                RETURNING c.id),
            kept AS (
                UPDATE contacts k SET
                    message_count       = k.message_count + merged.message_count,
                    unread_count        = k.unread_count + merged.unread_count,
                    last_message_at     = greatest(k.last_message_at, merged.last_message_at),
                    last_inbound_at     = greatest(k.last_inbound_at, merged.last_inbound_at),
                    name                = coalesce(k.name, merged.name),
                    profile_picture_url = coalesce(k.profile_picture_url, merged.profile_picture_url),
                    username            = coalesce(k.username, merged.username),
                    is_blocked          = k.is_blocked OR merged.is_blocked,
                    metadata            = (merged.metadata - 'mergedInto') || k.metadata
                FROM merged WHERE k.id = ? AND k.deleted_at IS NULL
                RETURNING k.id),
            recorded AS (
                INSERT INTO contact_merges (kept_contact_id, merged_contact_id, merged_contact, identities)
                SELECT ?, merged.id, merged.row, CAST(? AS jsonb) FROM merged
                RETURNING id)
            SELECT (SELECT count(*) FROM retired), (SELECT count(*) FROM kept), (SELECT count(*) FROM recorded)""";

    private static final String SET_IDENTITY = """
            UPDATE contacts SET phone = ?, user_id = ?, parent_user_id = ?, username = coalesce(?, username),
                metadata = CASE WHEN CAST(? AS jsonb) IS NULL THEN metadata
                                ELSE jsonb_set(metadata, '{previousIdentities}',
                                               coalesce(metadata->'previousIdentities', '[]'::jsonb) || CAST(? AS jsonb)) END
            WHERE id = ?""";

    /**
     * The live contact of a user after joining.
     *
     * @param identity every identity the contact holds now
     */
    public record Joined(String contactId, WhatsAppUser identity) {
    }

    private record Row(String id, WhatsAppUser identity, @Nullable String username) {
    }

    private final TransactionOperations<Connection> transactions;
    private final JsonMapper json;

    public ContactIdentities(TransactionOperations<Connection> transactions, JsonMapper json) {
        this.transactions = transactions;
        this.json = json;
    }

    /**
     * Takes the transaction's locks on every identity of {@code users} in one sorted pass: a writer
     * that will touch several users' contacts calls it first, so two never wait on each other in
     * opposite orders.
     */
    public void lock(Collection<WhatsAppUser> users) throws SQLException {
        TreeSet<String> keys = new TreeSet<>();
        users.forEach(user -> user.identities().forEach(identity -> keys.add(identity.lockKey())));
        if (keys.isEmpty()) {
            return;
        }
        Connection connection = transactions.getConnection();
        try (PreparedStatement statement = connection.prepareStatement(LOCK)) {
            statement.setArray(1, connection.createArrayOf("text", keys.toArray(String[]::new)));
            try (ResultSet ignored = statement.executeQuery()) {
                // the locks are taken as the rows are produced; there is nothing to read
            }
        }
    }

    /**
     * Finds the live contact of {@code user} by any of its identities, gives it every identity
     * {@code user} brings (an identity that replaces another is kept in the contact's
     * {@code metadata.previousIdentities}) and merges other live contacts of the same user into it.
     *
     * @param username the user's WhatsApp username when Meta sent one (it replaces the stored one)
     * @return the contact, or empty when the user has none yet (the caller creates it, still holding the locks)
     */
    public Optional<Joined> join(WhatsAppUser user, @Nullable String username) throws SQLException {
        List<Row> rows = lockAndFind(user);
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Row kept = rows.getFirst();
        List<Row> others = rows.subList(1, rows.size());
        if (!others.isEmpty()) {
            lock(others.stream().map(Row::identity).toList());
            for (Row other : others) {
                merge(other, kept, user);
            }
        }
        WhatsAppUser joined = user.orElse(kept.identity());
        for (Row other : others) {
            joined = joined.orElse(other.identity());
        }
        List<Map<String, Object>> replaced = new ArrayList<>();
        for (Row row : rows) {
            for (Identity had : row.identity().identities()) {
                String now = value(joined, had.kind());
                if (!had.value().equals(now)) {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("field", had.kind().field());
                    entry.put("value", had.value());
                    entry.put("contactId", row.id());
                    entry.put("replacedBy", now);
                    replaced.add(entry);
                }
            }
        }
        boolean usernameChanged = username != null && !username.equals(kept.username());
        if (!joined.equals(kept.identity()) || usernameChanged || !replaced.isEmpty()) {
            setIdentity(kept.id(), joined, username, replaced.isEmpty() ? null : write(replaced));
        }
        return Optional.of(new Joined(kept.id(), joined));
    }

    private List<Row> lockAndFind(WhatsAppUser user) throws SQLException {
        Connection connection = transactions.getConnection();
        String[] keys = new TreeSet<>(user.identities().stream().map(Identity::lockKey).toList()).toArray(String[]::new);
        try (PreparedStatement statement = connection.prepareStatement(LOCK + ";\n" + FIND)) {
            statement.setArray(1, connection.createArrayOf("text", keys));
            statement.setString(2, user.phone());
            statement.setString(3, user.userId());
            statement.setString(4, user.parentUserId());
            statement.execute();
            if (!statement.getMoreResults()) {
                throw new IllegalStateException("the contact lookup gave no result set");
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet result = statement.getResultSet()) {
                while (result.next()) {
                    rows.add(new Row(result.getString(1), new WhatsAppUser(result.getString(2), result.getString(3),
                            result.getString(4)), result.getString(5)));
                }
            }
            return rows;
        }
    }

    private void merge(Row merged, Row kept, WhatsAppUser because) throws SQLException {
        Map<String, Object> identities = new LinkedHashMap<>();
        because.identities().forEach(identity -> identities.put(identity.kind().field(), identity.value()));
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(MERGE)) {
            statement.setString(1, merged.id());
            statement.setString(2, kept.id());
            statement.setString(3, kept.id());
            statement.setString(4, kept.id());
            statement.setString(5, write(identities));
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                if (result.getInt(1) != 1 || result.getInt(2) != 1 || result.getInt(3) != 1) {
                    throw new IllegalStateException("merging " + merged.id() + " into " + kept.id() + " changed "
                            + result.getInt(1) + "/" + result.getInt(2) + "/" + result.getInt(3) + " rows");
                }
            }
        }
    }

    private void setIdentity(String contactId, WhatsAppUser identity, @Nullable String username,
                             @Nullable String replacedJson) throws SQLException {
        try (PreparedStatement statement = transactions.getConnection().prepareStatement(SET_IDENTITY)) {
            statement.setString(1, identity.phone());
            statement.setString(2, identity.userId());
            statement.setString(3, identity.parentUserId());
            statement.setString(4, username);
            statement.setString(5, replacedJson);
            statement.setString(6, replacedJson);
            statement.setString(7, contactId);
            statement.executeUpdate();
        }
    }

    private static @Nullable String value(WhatsAppUser user, Identity.Kind kind) {
        return switch (kind) {
            case PHONE -> user.phone();
            case USER_ID -> user.userId();
            case PARENT_USER_ID -> user.parentUserId();
        };
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(Objects.requireNonNull(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
