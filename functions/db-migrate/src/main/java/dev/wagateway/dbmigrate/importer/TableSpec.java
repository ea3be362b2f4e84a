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
     * The first target column that the file's columns (lower case) cannot fill and that has no documented
     * default, as "column (why)"; null when every one can be filled.
     */
    String unfillableColumn(Set<String> fileColumns) {
        for (Column column : columns) {
            if (column.kind() == Kind.CONSTANT || column.kind() == Kind.PLACEHOLDER_COUNT || fileColumns.contains(column.source())) {
                continue;
            }
            if (column.kind() == Kind.TIMESTAMP && column.required()) {
                if (!timeAvailable(column, fileColumns, new java.util.HashSet<>())) {
                    return column.source() + " (the target's " + column.name() + " needs a time, and the table has no column it could come from)";
                }
            } else if (column.required() && column.fallback() == null) {
                return column.source() + " (the target's " + column.name() + " cannot be empty and has no default)";
            }
        }
        return null;
    }

    /** What every row of a table gets for a target column whose legacy column is not in the file. */
    List<String> defaultsForMissingColumns(Set<String> fileColumns, long rows) {
        List<String> notes = new java.util.ArrayList<>();
        String each = "each of its " + String.format("%,d", rows) + (rows == 1 ? " row" : " rows");
        for (Column column : columns) {
            if (column.kind() == Kind.CONSTANT || column.kind() == Kind.PLACEHOLDER_COUNT || fileColumns.contains(column.source())) {
                continue;
            }
            String value;
            if (column.kind() == Kind.TIMESTAMP && column.required()) {
                value = "the row's own " + column.fallback();
            } else if (column.fallback() != null) {
                value = "the default " + column.fallback();
            } else {
                value = "NULL";
            }
            notes.add(column.source() + ": not in the file; " + column.name() + " of " + each + " got " + value);
        }
        return notes;
    }

    private boolean timeAvailable(Column column, Set<String> fileColumns, Set<String> seen) {
        if (column.source() != null && fileColumns.contains(column.source())) {
            return true;
        }
        if (!seen.add(column.name()) || column.fallback() == null) {
            return false;
        }
        for (Column other : columns) {
            if (other.name().equals(column.fallback())) {
                return timeAvailable(other, fileColumns, seen);
            }
        }
        return false;
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
