package dev.wagateway.dbmigrate.importer;

import java.nio.file.Path;

/**
 * One import.
 *
 * @param file          the legacy SQLite file
 * @param dryRun        read and check everything, write nothing
 * @param unknownTables what to do with tables the schema file does not list
 * @param defaultRegion ISO region for phone numbers typed without a country code (null: digits are international)
 */
public record ImportOptions(Path file, boolean dryRun, UnknownTables unknownTables, String defaultRegion) {
}
