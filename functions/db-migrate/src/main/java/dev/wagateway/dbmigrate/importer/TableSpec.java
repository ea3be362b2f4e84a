package dev.wagateway.dbmigrate.importer;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * How one legacy table moves: its target columns, the columns whose checksum verifies the import,
 * and the checks that need other rows (references, uniqueness, merges).
 *
 * @param name       the table, the same in the legacy file and in the target
 * @param columns    target columns, {@code metadata} excluded (it is always written)
 * @param legacyMetadata whether the legacy table has a {@code metadata} column (a JSON object) to start from
 * @param keyColumns text or integer columns summed into the verification checksum
 * @param references references to rows of other tables
 * @param uniques    what must be unique among the rows of this table
 * @param mergePhone contacts only: live rows with one number in two spellings become one row
 */
record TableSpec(String name, List<Column> columns, boolean legacyMetadata, List<String> keyColumns, List<Reference> references,
                 List<Unique> uniques, boolean mergePhone) {

    /** Whether the primary key is an integer identity whose sequence the import moves. */
    boolean integerId() {
        return columns.getFirst().kind() == Kind.INT_ID;
    }

    /** The legacy columns the schema file lists for this table. */
    Set<String> sourceColumns() {
        Set<String> names = new LinkedHashSet<>();
        for (Column column : columns) {
            if (column.source() != null) {
                names.add(column.source());
            }
        }
        if (legacyMetadata) {
            names.add("metadata");
        }
        return names;
    }

    /**
     * A reference to another table's rows.
     *
     * @param columns        the referencing columns
     * @param table          the referenced table
     * @param targetColumns  the referenced columns
     * @param rejectWhenGone true when the row means nothing without the row it names (it is rejected);
     *                       otherwise the reference is set aside: NULL plus the original in metadata,
     *                       or for a NOT NULL column kept and flagged in metadata
     * @param nullable       whether the column can hold NULL
     */
    record Reference(List<String> columns, String table, List<String> targetColumns, boolean rejectWhenGone, boolean nullable) {
    }

    /**
     * Columns that are unique among rows matching {@code where} (for soft-deleted tables: the live ones).
     */
    record Unique(List<String> columns, String where) {
    }
}
