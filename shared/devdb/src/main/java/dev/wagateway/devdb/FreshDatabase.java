package dev.wagateway.devdb;

import io.micronaut.test.support.TestPropertyProvider;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@code @MicronautTest} class that implements this gets a database of its own, migrated, with no one else's
 * rows, as its default datasource: the one way a test class asks for a database (instead of building the
 * datasource properties by hand in each class).
 *
 * <p>Micronaut asks for the properties once per class, before the context starts (the class needs
 * {@code @TestInstance(PER_CLASS)}). A class that needs its database's coordinates (to seed or read rows with
 * {@link Sql}) or properties of its own overrides {@link #withDatabase}.
 */
public interface FreshDatabase extends TestPropertyProvider {

    @Override
    default Map<String, String> getProperties() {
        DatabaseCoordinates database = TestDatabases.instance().create(getClass().getSimpleName());
        Map<String, String> properties = new HashMap<>(database.datasourceProperties());
        // The test's own HTTP client (@Client("/")): a loaded build machine answered a context's first request
        // after more than the default 10 s. Named clients (the Graph API's) keep their own timeouts.
        properties.put("micronaut.http.client.read-timeout", "60s");
        withDatabase(database, properties);
        return properties;
    }

    /** Called with the class's new database before the context starts; add or change properties here. */
    default void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
    }
}
