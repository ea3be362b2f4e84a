package dev.wagateway.dbmigrate.importer;

import java.io.PrintStream;

/** The per-table report and its verification, as a table on standard output. */
public final class ReportPrinter {

    private ReportPrinter() {
    }

    public static void print(PrintStream out, ImportResult result) {
        out.println();
        // imported = new + updated + unchanged (present); conflicts are among the rejected.
        out.printf("%-24s %10s %10s %10s %10s %10s %10s %10s %10s %10s %10s %10s %10s  %s%n", "table", "source", "imported", "new",
                "updated", "(present)", "merged", "rejected", "conflicts", "skipped", "dangling", "deleted", "", "verification (count, key checksum)");
        long[] total = new long[11];
        for (TableReport t : result.tables()) {
            TableReport.Verification v = t.verification();
            long[] counts = {t.source(), t.imported(), t.inserted(), t.updated(), t.alreadyPresent(), t.merged(), t.rejected(), t.conflicts(),
                    t.skipped(), t.dangling(), t.deleted()};
            out.printf("%-24s %,10d %,10d %,10d %,10d %,10d %,10d %,10d %,10d %,10d %,10d %,10d %10s  %s %,d/%,d %s%s%n", t.table(),
                    counts[0], counts[1], counts[2], counts[3], counts[4], counts[5], counts[6], counts[7], counts[8], counts[9], counts[10], "",
                    v.ok() ? "ok" : "MISMATCH", v.targetCount(), v.expectedCount(), v.targetChecksum(), t.balanced() ? "" : "  UNBALANCED");
            for (int i = 0; i < counts.length; i++) {
                total[i] += counts[i];
            }
        }
        out.printf("%-24s %,10d %,10d %,10d %,10d %,10d %,10d %,10d %,10d %,10d %,10d %,10d%n", "total", total[0], total[1], total[2],
                total[3], total[4], total[5], total[6], total[7], total[8], total[9], total[10]);
        for (TableReport t : result.tables()) {
            for (String note : t.notes()) {
                out.println(t.table() + ": " + note);
            }
        }
        if (result.succeeded()) {
            out.println(result.dryRun()
                    ? "Dry run: every row checked, nothing written."
                    : "Imported and verified; run " + result.runId() + " is recorded in import_runs.");
        } else {
            out.println(result.online()
                    ? "FAILED: " + result.problem() + ". The rows of the batches committed before stay (online run); run it again to finish."
                    : "FAILED, nothing was kept: " + result.problem());
        }
    }
}
