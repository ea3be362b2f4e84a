package dev.wagateway.dbmigrate.importer;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Into a table that was empty, building its indexes and checking its references once, after the
 * rows, is far cheaper than doing both row by row (for 1M messages the primary key alone costs about
 * 2 s row by row, 0.5 s built once; the foreign keys of media and automation_logs 2 s each).
 *
 * <p>{@link #suspend} drops the table's primary key and unique constraints, its secondary indexes, its
 * own foreign keys and those of other tables that point at it; {@link #restore} puts every one back
 * from its definition, so a failing constraint (a duplicate id, a reference to a missing row) still
 * fails the import. Both happen inside the import's transaction: an interrupted run rolls the drop
 * back with everything else. While the transaction is open those tables are locked.
 */
final class DeferredChecks {

    private final Connection target;
    private final List<String> restore;

    private DeferredChecks(Connection target, List<String> restore) {
        this.target = target;
        this.restore = restore;
    }

    static DeferredChecks suspend(Connection target, String table) throws SQLException {
        // In the order they can be put back: keys, indexes, then the foreign keys that need the keys.
        List<String> drop = new ArrayList<>();
        List<String> restore = new ArrayList<>();
        for (String[] constraint : rows(target, "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE conrelid = ?::regclass AND contype IN ('p', 'u', 'f') ORDER BY contype = 'f', conname", table)) {
            drop.add("ALTER TABLE " + table + " DROP CONSTRAINT " + quote(constraint[0]));
            restore.add("ALTER TABLE " + table + " ADD CONSTRAINT " + quote(constraint[0]) + " " + constraint[1]);
        }
        for (String[] index : rows(target, "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
                + "WHERE i.indrelid = ?::regclass AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)", table)) {
            drop.add("DROP INDEX " + index[0]);
            restore.add(index[1]);
        }
        // Foreign keys of other tables that point at this one.
        for (String[] reference : rows(target, "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
                + "WHERE confrelid = ?::regclass AND contype = 'f' AND conrelid <> confrelid ORDER BY 1, 2", table)) {
            drop.add("ALTER TABLE " + reference[0] + " DROP CONSTRAINT " + quote(reference[1]));
            restore.add("ALTER TABLE " + reference[0] + " ADD CONSTRAINT " + quote(reference[1]) + " " + reference[2]);
        }
        try (Statement statement = target.createStatement()) {
            for (String sql : drop.reversed()) {
                statement.execute(sql);
            }
        }
        return new DeferredChecks(target, restore);
    }

    void restore() throws SQLException {
        try (Statement statement = target.createStatement()) {
            statement.execute("SET LOCAL maintenance_work_mem = '256MB'");
            for (String sql : restore) {
                statement.execute(sql);
            }
        }
    }

    private static List<String[]> rows(Connection connection, String sql, String table) throws SQLException {
        List<String[]> rows = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                int columns = result.getMetaData().getColumnCount();
                while (result.next()) {
                    String[] row = new String[columns];
                    for (int i = 0; i < columns; i++) {
                        row[i] = result.getString(i + 1);
                    }
                    rows.add(row);
                }
            }
        }
        return rows;
    }

    private static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
