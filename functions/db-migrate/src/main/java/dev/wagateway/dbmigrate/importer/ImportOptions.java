package dev.wagateway.dbmigrate.importer;

import java.nio.file.Path;

/**
 * One import.
 *
 * @param file          the legacy SQLite file
 * @param dryRun        read and check everything, write nothing
 * @param unknownTables what to do with tables the schema file does not list
 * @param defaultRegion ISO region for phone numbers typed without a country code (null: digits are international)
 * @param sourceName    where the file came from, as import_runs records it: the file name, or the s3:// URI it was
 *                      downloaded from
 * @param allowEmpty    import (and record) even a file with no row in any legacy table, which is otherwise refused
 * @param applyDeletes  remove rows an earlier run imported that are gone from the source (soft-delete where the
 *                      table has deleted_at), when nobody changed them in the target since
 */
public record ImportOptions(Path file, boolean dryRun, UnknownTables unknownTables, String defaultRegion, String sourceName,
                            boolean allowEmpty, boolean applyDeletes) {

    public ImportOptions(Path file, boolean dryRun, UnknownTables unknownTables, String defaultRegion, String sourceName,
                         boolean allowEmpty) {
        this(file, dryRun, unknownTables, defaultRegion, sourceName, allowEmpty, false);
    }

    public ImportOptions(Path file, boolean dryRun, UnknownTables unknownTables, String defaultRegion, String sourceName) {
        this(file, dryRun, unknownTables, defaultRegion, sourceName, false);
    }

    /** A local file, recorded by its name. */
    public ImportOptions(Path file, boolean dryRun, UnknownTables unknownTables, String defaultRegion) {
        this(file, dryRun, unknownTables, defaultRegion, file.getFileName().toString());
    }

    public ImportOptions withAllowEmpty(boolean allow) {
        return new ImportOptions(file, dryRun, unknownTables, defaultRegion, sourceName, allow, applyDeletes);
    }

    public ImportOptions withApplyDeletes(boolean apply) {
        return new ImportOptions(file, dryRun, unknownTables, defaultRegion, sourceName, allowEmpty, apply);
    }
}
