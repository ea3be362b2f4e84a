package dev.wagateway.dbmigrate;

import dev.wagateway.dbmigrate.importer.ImportResult;
import dev.wagateway.dbmigrate.importer.TableReport;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@link ImportHandler}'s answer as plain maps, which the Lambda runtime writes as JSON. */
final class ImportReport {

    static final String IMPORTED = "imported";
    static final String CHECKED = "checked";
    static final String FAILED = "failed";
    static final String REFUSED = "refused";

    private ImportReport() {
    }

    /** A finished run: per table counts and verification, in the importer's (foreign-key) order. */
    static Map<String, Object> of(String source, ImportResult result) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", result.succeeded());
        answer.put("status", !result.succeeded() ? FAILED : result.dryRun() ? CHECKED : IMPORTED);
        answer.put("source", source);
        answer.put("run_id", result.runId());
        answer.put("dry_run", result.dryRun());
        answer.put("online", result.online());
        if (!result.succeeded()) {
            answer.put("error", result.problem());
        }
        Map<String, Object> tables = new LinkedHashMap<>();
        long[] total = new long[COUNT_NAMES.length];
        for (TableReport t : result.tables()) {
            Map<String, Object> table = new LinkedHashMap<>();
            long[] counts = {t.source(), t.imported(), t.inserted(), t.alreadyPresent(), t.merged(), t.rejected(), t.skipped(),
                    t.dangling(), t.inserted(), t.updated(), t.alreadyPresent(), t.conflicts(), t.deleted()};
            for (int i = 0; i < counts.length; i++) {
                table.put(COUNT_NAMES[i], counts[i]);
                total[i] += counts[i];
            }
            table.put("balanced", t.balanced());
            if (!t.notes().isEmpty()) {
                table.put("notes", t.notes());
            }
            TableReport.Verification v = t.verification();
            Map<String, Object> verification = new LinkedHashMap<>();
            verification.put("ok", v.ok());
            verification.put("source_count", v.expectedCount());
            verification.put("source_checksum", v.expectedChecksum());
            verification.put("target_count", v.targetCount());
            verification.put("target_checksum", v.targetChecksum());
            table.put("verification", verification);
            tables.put(t.table(), table);
        }
        answer.put("tables", tables);
        Map<String, Object> totals = new LinkedHashMap<>();
        for (int i = 0; i < total.length; i++) {
            totals.put(COUNT_NAMES[i], total[i]);
        }
        answer.put("totals", totals);
        return answer;
    }

    /** Nothing ran: the event, the database settings or the file were not usable. */
    static Map<String, Object> refused(String source, String reason) {
        return problem(REFUSED, source, reason);
    }

    /** The run broke off; its transaction was rolled back. */
    static Map<String, Object> failed(String source, String reason) {
        return problem(FAILED, source, reason);
    }

    private static Map<String, Object> problem(String status, String source, String reason) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("ok", false);
        answer.put("status", status);
        if (source != null) {
            answer.put("source", source);
        }
        answer.put("error", reason);
        return answer;
    }

    // The last five are the cutover's words for the same rows: new (inserted), updated, unchanged (already present),
    // conflicts (among the rejected) and deleted (imported earlier, gone from the source).
    private static final String[] COUNT_NAMES = {"source", "imported", "inserted", "already_present", "merged", "rejected",
            "skipped", "dangling", "new", "updated", "unchanged", "conflicts", "deleted"};
}
