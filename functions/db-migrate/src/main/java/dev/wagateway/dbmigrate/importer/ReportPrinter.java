package dev.wagateway.dbmigrate.importer;

import java.io.PrintStream;

/** The per-table report and its verification, as a table on standard output. */
public final class ReportPrinter {

    private ReportPrinter() {
    }

    public static void print(PrintStream out, ImportResult result) {
        out.println();
        out.printf("%-24s %10s %10s %10s %10s %10s %10s %10s  %s%n", "table", "source", "imported", "(present)", "merged",
                "rejected", "skipped", "dangling", "verification (count, key checksum)");
        long[] total = new long[7];
        for (TableReport t : result.tables()) {
            TableReport.Verification v = t.verification();
            out.printf("%-24s %,10d %,10d %,10d %,10d %,10d %,10d %,10d  %s %,d/%,d %s%s%n", t.table(), t.source(), t.imported(),
                    t.alreadyPresent(), t.merged(), t.rejected(), t.skipped(), t.dangling(), v.ok() ? "ok" : "MISMATCH",
                    v.targetCount(), v.expectedCount(), v.targetChecksum(), t.balanced() ? "" : "  UNBALANCED");
            total[0] += t.source();
            total[1] += t.imported();
            total[2] += t.alreadyPresent();
            total[3] += t.merged();
            total[4] += t.rejected();
            total[5] += t.skipped();
            total[6] += t.dangling();
        }
        out.printf("%-24s %,10d %,10d %,10d %,10d %,10d %,10d %,10d%n", "total", total[0], total[1], total[2], total[3], total[4],
                total[5], total[6]);
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
            out.println("FAILED, nothing was kept: " + result.problem());
        }
    }
}
