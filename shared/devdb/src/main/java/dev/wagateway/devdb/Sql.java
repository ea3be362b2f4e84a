package dev.wagateway.devdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Plain JDBC against one test database, each statement in its own transaction, for tests that
 * set up or inspect rows beneath the code under test. Failures are {@link AssertionError}s.
 */
public final class Sql {

    private final DatabaseCoordinates database;

    public Sql(DatabaseCoordinates database) {
        this.database = database;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.username(), database.password());
    }

    public void execute(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError("Expected to be accepted, was refused (" + e.getSQLState() + " " + e.getMessage() + "): " + sql, e);
        }
    }

    /** The first column of the first row, as text; null when there is no row. */
    public String queryValue(String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            return result.next() ? result.getString(1) : null;
        } catch (SQLException e) {
            throw new AssertionError(e.getMessage() + ": " + sql, e);
        }
    }

    /** Runs {@code sql} and expects PostgreSQL to refuse it with {@code sqlState}. */
    public void assertRefused(String sqlState, String sql) {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            if (!sqlState.equals(e.getSQLState())) {
                throw new AssertionError("Expected SQLSTATE " + sqlState + ", was refused for another reason ("
                        + e.getSQLState() + " " + e.getMessage() + "): " + sql, e);
            }
            return;
        }
        throw new AssertionError("Expected SQLSTATE " + sqlState + " but it was accepted: " + sql);
    }

    /**
     * Every table of the public schema with its row count and a digest of its rows (as text, in order), one line per
     * table: two calls that give the same text saw the same contents (an update shows, not only an insert), for tests
     * that something changed nothing lasting.
     */
    public String everyTable() {
        return queryValue("""
                SELECT string_agg(table_name || ' ' || (xpath('/row/d/text()', query_to_xml(format(
                    'SELECT count(*) || '':'' || md5(coalesce(string_agg(t::text, '','' ORDER BY t::text), '''')) AS d FROM %I.%I t',
                    table_schema, table_name), false, true, '')))[1]::text, E'\\n' ORDER BY table_name)
                FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'""");
    }

    /** Runs {@code work}; an {@link AssertionError} naming the tables that differ when it left any changed ({@link #everyTable}). */
    public void assertUnchangedBy(String what, Runnable work) {
        String before = everyTable();
        work.run();
        String after = everyTable();
        if (!before.equals(after)) {
            Set<String> changed = new TreeSet<>(List.of(after.split("\n")));
            changed.removeAll(List.of(before.split("\n")));
            throw new AssertionError(what + " left rows changed in the database: " + changed);
        }
    }
}
