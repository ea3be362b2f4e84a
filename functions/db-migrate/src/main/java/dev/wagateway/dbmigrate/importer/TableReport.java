package dev.wagateway.dbmigrate.importer;

import java.util.List;

/**
 * What happened to one table's rows.
 *
 * @param table          the table
 * @param source         rows in the legacy file
 * @param inserted       rows written by this run (new)
 * @param alreadyPresent rows an earlier run had written and the source has not changed since (unchanged; the
 *                       target row may have been changed since, and is kept)
 * @param merged         rows merged into another row
 * @param rejected       rows kept in the reject table instead (conflicts included)
 * @param dangling       imported rows whose reference to a missing row was set aside
 * @param skipped        rows of a table the user chose to skip
 * @param verification   counts and key checksums of source and target
 * @param notes          what the operator should know about the table's rows (defaults given for missing
 *                       columns, tables skipped knowingly, deletions)
 * @param updated        rows an earlier run wrote whose source changed since, and nobody changed in the target: updated
 * @param conflicts      of the rejected rows, those changed in the source and, since it was imported, in the target too
 *                       (or live rows the import never wrote): the target row is kept, the source row is in import_rejects
 * @param deleted        rows an earlier run imported that are gone from the source (removed with --apply-deletes
 *                       when nobody changed them since: the notes say how many)
 */
public record TableReport(String table, long source, long inserted, long alreadyPresent, long merged, long rejected,
                          long dangling, long skipped, Verification verification, List<String> notes,
                          long updated, long conflicts, long deleted) {

    public TableReport {
        notes = List.copyOf(notes);
    }

    public TableReport(String table, long source, long inserted, long alreadyPresent, long merged, long rejected,
                       long dangling, long skipped, Verification verification, List<String> notes) {
        this(table, source, inserted, alreadyPresent, merged, rejected, dangling, skipped, verification, notes, 0, 0, 0);
    }

    public TableReport(String table, long source, long inserted, long alreadyPresent, long merged, long rejected,
                       long dangling, long skipped, Verification verification) {
        this(table, source, inserted, alreadyPresent, merged, rejected, dangling, skipped, verification, List.of());
    }

    /** A table with no row to move. */
    static TableReport empty(String table, long skipped, List<String> notes) {
        return new TableReport(table, skipped, 0, 0, 0, 0, 0, skipped, new Verification(0, KeyChecksum.hex(0), 0, KeyChecksum.hex(0)), notes);
    }

    /** Rows of the source that the target holds after the run: new, updated and unchanged. */
    public long imported() {
        return inserted + alreadyPresent + updated;
    }

    /** Every source row is accounted for exactly once. */
    public boolean balanced() {
        return source == imported() + merged + rejected + skipped;
    }

    /**
     * Rows the import meant to have in the target, against what the target holds.
     */
    public record Verification(long expectedCount, String expectedChecksum, long targetCount, String targetChecksum) {
        public boolean ok() {
            return expectedCount == targetCount && expectedChecksum.equals(targetChecksum);
        }
    }
}
