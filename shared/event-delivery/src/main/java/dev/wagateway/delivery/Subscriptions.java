package dev.wagateway.delivery;

import dev.wagateway.shared.id.Ids;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.annotation.Connectable;
import io.micronaut.data.jdbc.runtime.JdbcOperations;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The one writer of the {@code webhooks} table (subscriptions), besides the legacy import that fills
 * it once. Soft delete: a deleted subscription's delivery log stays until retention.
 */
@Singleton
public class Subscriptions {

    private static final String COLUMNS = "id, url, events::text, secret, is_active, description, phone_number_ids::text, "
            + "signature_scheme, previous_secret, previous_secret_expires_at, disabled_reason, disabled_at, failing_since, "
            + "created_at, updated_at";

    private static final String INSERT = "INSERT INTO webhooks (id, url, events, secret, is_active, description, "
            + "phone_number_ids, signature_scheme) VALUES (?, ?, CAST(? AS jsonb), ?, true, ?, CAST(? AS jsonb), ?) RETURNING " + COLUMNS;

    private static final String FIND = "SELECT " + COLUMNS + " FROM webhooks WHERE id = ? AND deleted_at IS NULL";

    private static final String LIST = "SELECT " + COLUMNS + " FROM webhooks WHERE deleted_at IS NULL"
            + " AND (CAST(? AS timestamptz) IS NULL OR (created_at, id) > (CAST(? AS timestamptz), CAST(? AS text)))"
            + " ORDER BY created_at, id LIMIT ?";

    private static final String ACTIVE = "SELECT " + COLUMNS + " FROM webhooks WHERE deleted_at IS NULL AND is_active";

    // Switched on again by a user: the gateway's reason for switching it off and the failure streak go.
    private static final String UPDATE = """
            UPDATE webhooks SET
                url = coalesce(CAST(? AS text), url),
                events = coalesce(CAST(? AS jsonb), events),
                phone_number_ids = coalesce(CAST(? AS jsonb), phone_number_ids),
                description = CASE WHEN CAST(? AS boolean) THEN CAST(? AS text) ELSE description END,
                is_active = coalesce(CAST(? AS boolean), is_active),
                disabled_reason = CASE WHEN CAST(? AS boolean) IS TRUE THEN NULL ELSE disabled_reason END,
                disabled_at = CASE WHEN CAST(? AS boolean) IS TRUE THEN NULL ELSE disabled_at END,
                failing_since = CASE WHEN CAST(? AS boolean) IS TRUE THEN NULL ELSE failing_since END
            WHERE id = ? AND deleted_at IS NULL
            RETURNING\s""" + COLUMNS;

    private static final String ROTATE = "UPDATE webhooks SET previous_secret = secret, previous_secret_expires_at = ?, secret = ?"
            + " WHERE id = ? AND deleted_at IS NULL RETURNING " + COLUMNS;

    private static final String DELETE = "UPDATE webhooks SET deleted_at = now(), is_active = false WHERE id = ? AND deleted_at IS NULL";

    private static final String DISABLE = "UPDATE webhooks SET is_active = false, disabled_reason = ?, disabled_at = now()"
            + " WHERE id = ? AND is_active";

    private static final String FAILED = "UPDATE webhooks SET failing_since = coalesce(failing_since, ?) WHERE id = ? RETURNING failing_since";

    private static final String SUCCEEDED = "UPDATE webhooks SET failing_since = NULL WHERE id = ? AND failing_since IS NOT NULL";

    private final JdbcOperations jdbc;
    private final JsonMapper json;

    public Subscriptions(JdbcOperations jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A new subscription, active, with a new secret. */
    @Transactional
    public Subscription create(String url, List<String> events, List<String> phoneNumberIds, @Nullable String description,
                               SignatureScheme scheme) {
        return jdbc.prepareStatement(INSERT, statement -> {
            statement.setString(1, Ids.WEBHOOK.next());
            statement.setString(2, url);
            statement.setString(3, write(events));
            statement.setString(4, Signatures.newSecret());
            statement.setString(5, description);
            statement.setString(6, write(phoneNumberIds));
            statement.setString(7, scheme.wireName());
            return one(statement).orElseThrow();
        });
    }

    @Connectable
    public Optional<Subscription> find(String id) {
        return jdbc.prepareStatement(FIND, statement -> {
            statement.setString(1, id);
            return one(statement);
        });
    }

    /** Live subscriptions in creation order, after the one created at {@code afterCreatedAt} with {@code afterId}. */
    @Connectable
    public List<Subscription> list(@Nullable Instant afterCreatedAt, @Nullable String afterId, int limit) {
        return jdbc.prepareStatement(LIST, statement -> {
            Timestamp after = afterCreatedAt == null ? null : Timestamp.from(afterCreatedAt);
            statement.setTimestamp(1, after);
            statement.setTimestamp(2, after);
            statement.setString(3, afterId);
            statement.setInt(4, limit);
            return all(statement);
        });
    }

    /** Every subscription that receives events now. */
    @Connectable
    public List<Subscription> active() {
        return jdbc.prepareStatement(ACTIVE, this::all);
    }

    /**
     * Changes what is given (a null argument is left as it is); switching it on clears why it was switched off.
     *
     * @param setDescription whether {@code description} is given (it may be set to null)
     */
    @Transactional
    public Optional<Subscription> update(String id, @Nullable String url, @Nullable List<String> events,
                                         @Nullable List<String> phoneNumberIds, boolean setDescription,
                                         @Nullable String description, @Nullable Boolean active) {
        return jdbc.prepareStatement(UPDATE, statement -> {
            statement.setString(1, url);
            statement.setString(2, events == null ? null : write(events));
            statement.setString(3, phoneNumberIds == null ? null : write(phoneNumberIds));
            statement.setBoolean(4, setDescription);
            statement.setString(5, description);
            statement.setObject(6, active);
            statement.setObject(7, active);
            statement.setObject(8, active);
            statement.setObject(9, active);
            statement.setString(10, id);
            return one(statement);
        });
    }

    /** A new secret; the old one still signs deliveries (beside it) for {@code grace}. */
    @Transactional
    public Optional<Subscription> rotateSecret(String id, Instant now, Duration grace) {
        return jdbc.prepareStatement(ROTATE, statement -> {
            statement.setTimestamp(1, Timestamp.from(now.plus(grace)));
            statement.setString(2, Signatures.newSecret());
            statement.setString(3, id);
            return one(statement);
        });
    }

    @Transactional
    public boolean delete(String id) {
        return jdbc.prepareStatement(DELETE, statement -> {
            statement.setString(1, id);
            return statement.executeUpdate() == 1;
        });
    }

    /** Switches it off for {@code reason}, in the caller's transaction; false when it was off already. */
    public boolean disable(String id, String reason) {
        return jdbc.prepareStatement(DISABLE, statement -> {
            statement.setString(1, reason);
            statement.setString(2, id);
            return statement.executeUpdate() == 1;
        });
    }

    /** An attempt failed at {@code at}: answers since when every attempt has failed. In the caller's transaction. */
    public Optional<Instant> failed(String id, Instant at) {
        return jdbc.prepareStatement(FAILED, statement -> {
            statement.setTimestamp(1, Timestamp.from(at));
            statement.setString(2, id);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getTimestamp(1).toInstant()) : Optional.empty();
            }
        });
    }

    /** An attempt succeeded: the failure streak ends. In the caller's transaction. */
    public void succeeded(String id) {
        jdbc.prepareStatement(SUCCEEDED, statement -> {
            statement.setString(1, id);
            return statement.executeUpdate();
        });
    }

    private Optional<Subscription> one(PreparedStatement statement) throws SQLException {
        List<Subscription> found = all(statement);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.getFirst());
    }

    private List<Subscription> all(PreparedStatement statement) throws SQLException {
        List<Subscription> subscriptions = new ArrayList<>();
        try (ResultSet r = statement.executeQuery()) {
            while (r.next()) {
                subscriptions.add(new Subscription(r.getString(1), r.getString(2), readList(r.getString(3)), r.getString(4),
                        r.getBoolean(5), r.getString(6), readList(r.getString(7)),
                        SignatureScheme.fromWire(r.getString(8)).orElseThrow(), r.getString(9), instant(r, 10), r.getString(11),
                        instant(r, 12), instant(r, 13), instant(r, 14), instant(r, 15)));
            }
        }
        return subscriptions;
    }

    private static @Nullable Instant instant(ResultSet result, int column) throws SQLException {
        Timestamp timestamp = result.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private List<String> readList(String array) {
        try {
            List<Object> values = json.readValue(array, Argument.listOf(Object.class));
            return values.stream().map(String::valueOf).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(List<String> values) {
        try {
            return json.writeValueAsString(values);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
