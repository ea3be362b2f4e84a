package dev.wagateway.shared.schema;

import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.TestDatabases;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every column of the legacy SQLite schema ({@code legacy/schema.sql}, a copy of the format the
 * import reads) has a column of the same name in the same table here, and every such table has a
 * {@code metadata} object for what the schema file does not list.
 */
class LegacyColumnsHaveAHomeTest {

    @Test
    void everyLegacyColumnHasATargetColumn() throws Exception {
        Map<String, List<String>> legacy = legacyColumns();
        assertEquals(12, legacy.size(), "tables in the legacy schema: " + legacy.keySet());

        Sql target = new Sql(TestDatabases.instance().create("legacycolumns"));
        List<String> missing = new ArrayList<>();
        for (var table : legacy.entrySet()) {
            for (String column : table.getValue()) {
                String found = target.queryValue("SELECT count(*) FROM information_schema.columns WHERE table_schema = 'public' "
                        + "AND table_name = '" + table.getKey() + "' AND column_name = '" + column + "'");
                if (!"1".equals(found)) {
                    missing.add(table.getKey() + "." + column);
                }
            }
            assertEquals("jsonb", target.queryValue("SELECT data_type FROM information_schema.columns WHERE table_schema = 'public' "
                    + "AND table_name = '" + table.getKey() + "' AND column_name = 'metadata'"), table.getKey() + ".metadata");
        }
        assertTrue(missing.isEmpty(), "legacy columns without a home: " + missing);
    }

    private static Map<String, List<String>> legacyColumns() throws IOException, SQLException {
        String ddl;
        try (InputStream input = LegacyColumnsHaveAHomeTest.class.getResourceAsStream("/legacy/schema.sql")) {
            ddl = new String(input.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, List<String>> columns = new LinkedHashMap<>();
        try (Connection sqlite = DriverManager.getConnection("jdbc:sqlite::memory:");
             Statement statement = sqlite.createStatement()) {
            statement.executeUpdate("PRAGMA foreign_keys = OFF");
            for (String part : ddl.replaceAll("(?m)--.*$", "").split(";")) {
                if (!part.isBlank() && !part.strip().startsWith("PRAGMA")) {
                    statement.executeUpdate(part);
                }
            }
            List<String> tables = new ArrayList<>();
            try (ResultSet result = statement.executeQuery(
                    "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
            for (String table : tables) {
                List<String> names = new ArrayList<>();
                try (ResultSet result = statement.executeQuery("PRAGMA table_info(" + table + ")")) {
                    while (result.next()) {
                        names.add(result.getString("name"));
                    }
                }
                columns.put(table, names);
            }
        }
        return columns;
    }
}
