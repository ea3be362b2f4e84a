package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A dry run is safe against a live database: read only, no lock above ACCESS SHARE, and the real run's report. */
class DryRunTest {

    /** What writes leave in the statistics of every table of the schema (temporary tables are not the schema's). */
    private static final String WRITES = "SELECT string_agg(relname || ' ' || n_tup_ins || ' ' || n_tup_upd || ' ' || n_tup_del || ' ' "
            + "|| n_live_tup, E'\\n' ORDER BY relname) FROM pg_stat_user_tables WHERE schemaname = current_schema()";

    @TempDir
    Path dir;

    @Test
    void aDryRunWritesNothingLocksNothingAboveAccessShareAndReportsWhatTheRealRunDoes() throws Exception {
        Path file = LegacyFile.copyOf("/legacy/sample-messy.db", dir);
        ImportFixture live = new ImportFixture("dryrunlive");
        // Live data, so the dry run has conflicts and rows already there to report, as against a real database.
        String contact;
        try (Connection sqlite = java.sql.DriverManager.getConnection("jdbc:sqlite:" + file); Statement statement = sqlite.createStatement();
             ResultSet result = statement.executeQuery("SELECT id FROM contacts ORDER BY id LIMIT 1")) {
            result.next();
            contact = result.getString(1);
        }
        live.sql.execute("INSERT INTO contacts (id, phone, name) VALUES ('" + contact + "', '+14155550123', 'Live')");
        String writesBefore = writes(live);
        List<String> strongLocks = new ArrayList<>();
        ImportResult dry;
        try (Connection holder = live.sql.connect(); Statement statement = holder.createStatement()) {
            // EXCLUSIVE on every table of the schema lets only ACCESS SHARE through: a dry run that asked for more would wait.
            holder.setAutoCommit(false);
            List<String> tables = new ArrayList<>();
            try (ResultSet result = statement.executeQuery("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")) {
                while (result.next()) {
                    tables.add(result.getString(1));
                }
            }
            statement.execute("LOCK TABLE " + String.join(", ", tables) + " IN EXCLUSIVE MODE");
            AtomicBoolean running = new AtomicBoolean(true);
            java.util.concurrent.ExecutorService threads = java.util.concurrent.Executors.newFixedThreadPool(2);
            CompletableFuture<Void> watcher = CompletableFuture.runAsync(() -> watchLocks(live, running, strongLocks), threads);
            CompletableFuture<ImportResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return live.run(new ImportOptions(file, true, UnknownTables.STOP, null));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, threads);
            threads.shutdown();
            try {
                try {
                    dry = run.get(90, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    running.set(false);
                    watcher.get(10, TimeUnit.SECONDS);
                    StringBuilder stacks = new StringBuilder();
                    Thread.getAllStackTraces().forEach((t, frames) -> {
                        stacks.append(t.getName()).append('\n');
                        for (StackTraceElement f : frames) {
                            stacks.append("  ").append(f).append('\n');
                        }
                    });
                    throw new AssertionError("the dry run waited for a lock: " + strongLocks + "\n" + stacks, e);
                }
            } finally {
                running.set(false);
                watcher.get(10, TimeUnit.SECONDS);
                holder.rollback();
            }
        }
        assertTrue(dry.succeeded(), live.output());
        assertEquals(List.of(), strongLocks);
        assertEquals(writesBefore, writes(live));
        assertEquals(0, live.count("SELECT count(*) FROM import_runs"));
        assertEquals(1, live.count("SELECT count(*) FROM contacts"));

        ImportResult real = live.run(file);
        assertTrue(real.succeeded(), live.output());
        assertEquals(real.tables(), dry.tables());
        assertTrue(real.table("contacts").rejected() > 0, "the live contact makes a conflict");
    }

    /** Every lock the import's sessions hold on a table of the schema, other than ACCESS SHARE. */
    private static void watchLocks(ImportFixture live, AtomicBoolean running, List<String> strong) {
        Set<String> seen = new TreeSet<>();
        try (Connection watcher = live.sql.connect(); Statement statement = watcher.createStatement()) {
            while (running.get()) {
                try (ResultSet result = statement.executeQuery("SELECT c.relname || ' ' || l.mode || CASE WHEN l.granted THEN '' ELSE ' (waiting)' END FROM pg_locks l "
                        + "JOIN pg_class c ON c.oid = l.relation JOIN pg_namespace n ON n.oid = c.relnamespace "
                        + "JOIN pg_stat_activity a ON a.pid = l.pid WHERE n.nspname = current_schema() AND l.mode <> 'AccessShareLock' "
                        + "AND a.datname = current_database() AND a.pid <> pg_backend_pid() "
                        + "AND l.pid NOT IN (SELECT pid FROM pg_locks WHERE mode = 'ExclusiveLock' AND locktype = 'relation' AND granted "
                        + "AND relation = 'contacts'::regclass)")) {
                    while (result.next()) {
                        seen.add(result.getString(1));
                    }
                }
                Thread.sleep(5);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        strong.addAll(seen);
    }

    private static String writes(ImportFixture fixture) throws Exception {
        try (Connection connection = fixture.sql.connect(); Statement statement = connection.createStatement()) {
            // Statistics reach the view when a session ends or flushes; wait until the figures stop moving.
            String last = null;
            for (int i = 0; i < 50; i++) {
                statement.execute("SELECT pg_stat_clear_snapshot()");
                try (ResultSet result = statement.executeQuery(WRITES)) {
                    result.next();
                    String now = result.getString(1);
                    if (now.equals(last)) {
                        return now;
                    }
                    last = now;
                }
                Thread.sleep(200);
            }
            return last;
        }
    }
}
