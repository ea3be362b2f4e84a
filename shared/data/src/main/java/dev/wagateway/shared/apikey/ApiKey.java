package dev.wagateway.shared.apikey;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.DateCreated;
import io.micronaut.data.annotation.DateUpdated;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.TypeDef;
import io.micronaut.data.model.DataType;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * An API key as stored: never the key itself, only its hash.
 *
 * @param hashAlgorithm {@code sha256} for keys made here, {@code bcrypt} for keys imported from the legacy gateway
 * @param permissions   the scopes it grants ({@code messages:send}, ..., or {@code *})
 * @param rateLimit     requests per minute
 */
@MappedEntity("api_keys")
public record ApiKey(
        @Id String id,
        String keyHash,
        String hashAlgorithm,
        String name,
        @TypeDef(type = DataType.JSON) List<String> permissions,
        int rateLimit,
        @Nullable Instant lastUsedAt,
        @Nullable Instant expiresAt,
        @TypeDef(type = DataType.JSON) Map<String, Object> metadata,
        // Microseconds, what PostgreSQL keeps: the answer to a write shows what a read will.
        @DateCreated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant createdAt,
        @DateUpdated(truncatedTo = ChronoUnit.MICROS) @Nullable Instant updatedAt,
        @Nullable Instant deletedAt) {

    @Override
    public String toString() {
        // The hash stays out of logs and exception messages too.
        return "ApiKey[id=" + id + ", name=" + name + ", permissions=" + permissions + "]";
    }
}
