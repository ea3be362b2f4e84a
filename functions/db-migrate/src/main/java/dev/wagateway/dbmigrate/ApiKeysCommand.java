package dev.wagateway.dbmigrate;

import dev.wagateway.shared.apikey.ApiKey;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.problem.ProblemException;
import io.micronaut.context.ApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code db-migrate api-keys create|list|revoke}: API keys, against the configured database. */
@Command(name = "api-keys", mixinStandardHelpOptions = true,
        description = "Creates, lists and revokes API keys.",
        subcommands = {ApiKeysCommand.Create.class, ApiKeysCommand.ListKeys.class, ApiKeysCommand.Revoke.class})
public final class ApiKeysCommand {

    /** Exit code when the input is refused; nothing was written. */
    static final int REFUSED = 2;

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Makes a key and prints it once: it is not stored and cannot be shown again.")
    static final class Create implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Option(names = "--name", required = true, description = "Who or what the key is for")
        String name;

        @Option(names = "--scope", required = true, split = ",",
                description = "Scopes, comma-separated: messages:send, messages:read, contacts:write, contacts:read, "
                        + "templates:read, templates:sync, templates:write, or * for all")
        List<String> scopes;

        @Option(names = "--rate-limit", defaultValue = "" + ApiKeyService.DEFAULT_RATE_LIMIT,
                description = "Requests per minute (default: ${DEFAULT-VALUE})")
        int rateLimit;

        @Option(names = "--expires-at", description = "When the key stops working, e.g. 2027-01-31T00:00:00Z (default: never)")
        Instant expiresAt;

        @Override
        public Integer call() {
            return withService(database, service -> {
                ApiKeyService.CreatedApiKey created = service.create(name, scopes, rateLimit, expiresAt);
                ApiKey stored = created.stored();
                System.out.println("Created API key " + stored.id() + " (" + stored.name() + "), scopes "
                        + String.join(",", stored.permissions()) + ", " + stored.rateLimit() + " requests/minute"
                        + (stored.expiresAt() == null ? "" : ", expires " + stored.expiresAt()) + ".");
                System.out.println("Key (shown once, store it now):");
                System.out.println(created.key());
                return 0;
            });
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every key (never a key or its hash).")
    static final class ListKeys implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Override
        public Integer call() {
            return withService(database, service -> {
                Instant now = Instant.now();
                System.out.printf("%-31s %-8s %-24s %-40s %9s  %s%n", "ID", "STATUS", "NAME", "SCOPES", "PER MIN", "LAST USED");
                for (ApiKey key : service.list()) {
                    String status = key.deletedAt() != null ? "revoked"
                            : key.expiresAt() != null && !key.expiresAt().isAfter(now) ? "expired" : "active";
                    System.out.printf("%-31s %-8s %-24s %-40s %9d  %s%n", key.id(), status, key.name(),
                            String.join(",", key.permissions()), key.rateLimit(),
                            key.lastUsedAt() == null ? "never" : key.lastUsedAt().toString());
                }
                return 0;
            });
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revokes a key at once.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        @Option(names = "--id", required = true, description = "The key's id (key_...), as listed")
        String id;

        @Override
        public Integer call() {
            return withService(database, service -> {
                if (service.revoke(id)) {
                    System.out.println("Revoked " + id + ".");
                    return 0;
                }
                System.err.println("No active key " + id + " (unknown, or revoked already).");
                return 1;
            });
        }
    }

    private static int withService(DatabaseOptions options, Function<ApiKeyService, Integer> work) {
        DatabaseSettings database = options.resolve();
        // Only what was resolved above: the environment must not point the context elsewhere.
        try (ApplicationContext context = ApplicationContext.builder().environmentPropertySource(false).properties(Map.of(
                "datasources.default.url", database.url(),
                "datasources.default.username", database.username(),
                "datasources.default.password", database.password() == null ? "" : database.password(),
                "datasources.default.maximum-pool-size", 1,
                "datasources.default.minimum-idle", 0)).start()) {
            return work.apply(context.getBean(ApiKeyService.class));
        } catch (ProblemException refused) {
            System.err.println(refused.detail());
            return REFUSED;
        }
    }

    private ApiKeysCommand() {
    }
}
