package dev.wagateway.shared.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.UUID;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * V36's wagateway_app, the role the functions connect as in AWS: it reads and writes the product's rows and
 * can change nothing else. Locally it gets a throwaway password for the length of the test (in AWS it
 * logs in with IAM tokens and has none).
 */
class ApplicationRoleTest {

    private static Sql owner;
    private static Sql app;

    @BeforeAll
    static void connectAsTheApplicationRole() {
        DatabaseCoordinates database = TestDatabases.instance().create("application-role");
        owner = new Sql(database);
        String password = "test-" + UUID.randomUUID();
        owner.execute("ALTER ROLE wagateway_app PASSWORD '" + password + "'");
        // The URL may name the owner (user=...); the login must be the role's own.
        String url = database.jdbcUrl().replaceAll("(?i)([?&])(user|password)=[^&]*", "$1").replaceAll("[?&]+$", "");
        app = new Sql(new DatabaseCoordinates(url, "wagateway_app", password));
        assertEquals("wagateway_app", app.queryValue("SELECT current_user"));
    }

    @AfterAll
    static void forgetThePassword() {
        owner.execute("ALTER ROLE wagateway_app PASSWORD NULL");
    }

    @Test
    void readsAndWritesTheProductsRows() {
        app.execute("INSERT INTO contacts (id, phone, name) VALUES ('contact_role_1', '+14155550100', 'Ada')");
        app.execute("UPDATE contacts SET name = 'Ada L.' WHERE id = 'contact_role_1'");
        assertEquals("Ada L.", app.queryValue("SELECT name FROM contacts WHERE id = 'contact_role_1'"));
        app.execute("DELETE FROM contacts WHERE id = 'contact_role_1'");
        assertEquals("0", app.queryValue("SELECT count(*) FROM contacts WHERE id = 'contact_role_1'"));
        // Every table of the schema, Flyway's history included, is readable.
        assertEquals("0", owner.queryValue("""
                SELECT count(*) FROM pg_tables
                WHERE schemaname = 'public'
                  AND NOT has_table_privilege('wagateway_app', format('%I.%I', schemaname, tablename), 'SELECT')"""));
        assertEquals("0", owner.queryValue("""
                SELECT count(*) FROM pg_tables
                WHERE schemaname = 'public' AND tablename <> 'flyway_schema_history'
                  AND NOT has_table_privilege('wagateway_app', format('%I.%I', schemaname, tablename),
                                              'INSERT, UPDATE, DELETE')"""));
    }

    @Test
    void changesNoSchemaAndNoMigrationHistory() {
        app.assertRefused("42501", "CREATE TABLE stolen (id int)");
        app.assertRefused("42501", "ALTER TABLE contacts ADD COLUMN extra text");
        app.assertRefused("42501", "DROP TABLE contacts");
        app.assertRefused("42501", "TRUNCATE contacts");
        app.assertRefused("42501", "CREATE INDEX contacts_extra ON contacts (name)");
        app.assertRefused("42501", "DELETE FROM flyway_schema_history");
        app.assertRefused("42501", "UPDATE flyway_schema_history SET success = false");
        app.assertRefused("42501", "CREATE SCHEMA stolen");
    }

    @Test
    void itsStatementsAreBounded() {
        assertEquals("20s", app.queryValue("SHOW statement_timeout"));
        assertEquals("0", owner.queryValue("SELECT count(*) FROM pg_roles WHERE rolname = 'wagateway_app' AND (rolsuper OR rolcreaterole OR rolcreatedb)"));
    }

    @Test
    void tablesOfLaterMigrationsAreGrantedToo() {
        owner.execute("CREATE TABLE later_table (id int PRIMARY KEY)");
        try {
            app.execute("INSERT INTO later_table VALUES (1)");
            assertEquals("1", app.queryValue("SELECT count(*) FROM later_table"));
        } finally {
            owner.execute("DROP TABLE later_table");
        }
    }
}
