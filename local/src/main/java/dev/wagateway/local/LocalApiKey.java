package dev.wagateway.local;

import dev.wagateway.shared.apikey.ApiKey;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.ApiKeyAuthenticator;
import dev.wagateway.shared.auth.Scopes;
import io.micronaut.context.ApplicationContext;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The local run's API key, with every scope. The database keeps only a key's hash, so the key itself
 * is kept in a file (readable by its owner only) and reused while the database still accepts it;
 * otherwise (first run, another database, key revoked) a new one is made and the file rewritten.
 */
final class LocalApiKey {

    static final String NAME = "local run";

    private LocalApiKey() {
    }

    static String ensure(ApplicationContext context, Path file) {
        Optional<String> kept = read(file)
                .filter(key -> context.getBean(ApiKeyAuthenticator.class).authenticate(key)
                        .map(ApiKey::permissions).filter(scopes -> scopes.contains(Scopes.ALL)).isPresent());
        if (kept.isPresent()) {
            return kept.get();
        }
        String key = context.getBean(ApiKeyService.class)
                .create(NAME, List.of(Scopes.ALL), ApiKeyService.DEFAULT_RATE_LIMIT, null).key();
        write(file, key);
        return key;
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readString(file).strip()).filter(k -> !k.isEmpty()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the local API key from " + file, e);
        }
    }

    private static void write(Path file, String key) {
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            // A temporary file is made readable by its owner only (rw------- on POSIX), and keeps that when moved.
            Path temporary = Files.createTempFile(directory, ".local-api-key", ".tmp");
            Files.writeString(temporary, key + "\n", StandardCharsets.UTF_8);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not keep the local API key in " + file, e);
        }
    }
}
