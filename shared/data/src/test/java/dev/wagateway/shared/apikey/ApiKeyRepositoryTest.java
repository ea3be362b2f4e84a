package dev.wagateway.shared.apikey;

import dev.wagateway.devdb.FreshDatabase;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyRepositoryTest implements FreshDatabase {

    @Inject
    ApiKeyRepository keys;

    private ApiKey key(String id, String algorithm, Instant expiresAt, Instant deletedAt) {
        return keys.save(new ApiKey(id, "hash-" + id, algorithm, "key " + id, List.of("messages:send"), 60, null,
                expiresAt, Map.of(), null, null, deletedAt));
    }

    @Test
    void onlyKeysThatAreNeitherRevokedNorExpiredAreUsable() {
        Instant now = Instant.now();
        key("key_live", "sha256", null, null);
        key("key_later", "sha256", now.plus(1, ChronoUnit.DAYS), null);
        key("key_expired", "sha256", now.minus(1, ChronoUnit.MINUTES), null);
        key("key_revoked", "sha256", null, now);
        key("key_legacy", "bcrypt", null, null);
        key("key_legacy_revoked", "bcrypt", null, now);
        key("key_legacy_expired", "bcrypt", now.minusSeconds(1), null);

        assertTrue(keys.findUsable("key_live", Instant.now()).isPresent());
        assertTrue(keys.findUsable("key_later", Instant.now()).isPresent());
        assertFalse(keys.findUsable("key_expired", Instant.now()).isPresent());
        assertFalse(keys.findUsable("key_revoked", Instant.now()).isPresent());
        assertFalse(keys.findUsable("key_unknown", Instant.now()).isPresent());
        assertEquals(List.of("messages:send"), keys.findUsable("key_live", Instant.now()).orElseThrow().permissions());
        assertEquals(List.of("key_legacy"), keys.findUsableLegacy(Instant.now()).stream().map(ApiKey::id).toList());
        assertFalse(keys.findUsable("key_live", Instant.now()).orElseThrow().toString().contains("hash-"), "toString hides the hash");
    }
}
