package dev.wagateway.dbmigrate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.wagateway.schema.SchemaMigrations;
import dev.wagateway.shared.secrets.JsonSecrets;
import dev.wagateway.shared.secrets.SecretsManagerClientFactory;
import io.micronaut.json.JsonMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The Lambda the deployment's trigger invokes: applies the migrations and answers with the versions
 * applied. A failure is thrown, so the invocation fails and with it the deploy.
 */
public class MigrationHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationHandler.class);

    private final DatabaseSettingsResolver resolver;

    /** Used by the Lambda runtime. */
    public MigrationHandler() {
        this(new DatabaseSettingsResolver(System.getenv(), secretsManager()));
    }

    public MigrationHandler(DatabaseSettingsResolver resolver) {
        this.resolver = resolver;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        DatabaseSettings database = resolver.resolve(null, null, null);
        LOG.info("Migrating {}", database.url());
        SchemaMigrations.Outcome outcome = SchemaMigrations.migrate(database.url(), database.username(), database.password());
        LOG.info("Schema at version {}; applied now: {}", outcome.schemaVersion(), outcome.applied());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("schemaVersion", outcome.schemaVersion());
        answer.put("applied", outcome.applied());
        return answer;
    }

    static Supplier<JsonSecrets> secretsManager() {
        // Created only when a secret is named: a local run needs no AWS configuration.
        return () -> new JsonSecrets(SecretsManagerClientFactory.create(null),
                JsonMapper.createDefault());
    }
}
