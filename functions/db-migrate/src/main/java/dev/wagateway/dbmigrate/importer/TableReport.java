package dev.wagateway.dbmigrate.importer;

import java.util.List;

/**
 * What happened to one table's rows.
 *
 * @param table          the table
 * @param source         rows in the legacy file
 * @param inserted       rows written by this run
 * @param alreadyPresent rows an earlier run had written, found identical
 * @param merged         rows merged into another row
 * @param rejected       rows kept in the reject table instead
 * @param dangling       imported rows whose reference to a missing row was set aside
 * @param skipped        rows of a table the user chose to skip
 * @param verification   counts and key checksums of source and target
 * @param notes          what the operator should know about the table's rows (defaults given for missing
 *                       columns, tables skipped knowingly)
 */
public record TableReport(String table, long source, long inserted, long alreadyPresent, long merged, long rejected,
                          long dangling, long skipped, Verification verification, List<String> notes) {

    public TableReport {
        notes = List.copyOf(notes);
    }

    public TableReport(String table, long source, long inserted, long alreadyPresent, long merged, long rejected,
                       long dangling, long skipped, Verification verification) {
        this(table, source, inserted, alreadyPresent, merged, rejected, dangling, skipped, verification, List.of());
    }

    /** A table with no row to move. */
    static TableReport empty(String table, long skipped, List<String> notes) {
        return new TableReport(table, skipped, 0, 0, 0, 0, 0, skipped, new Verification(0, KeyChecksum.hex(0), 0, KeyChecksum.hex(0)), notes);
    }

    public long imported() {
        return inserted + alreadyPresent;
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
