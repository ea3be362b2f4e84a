package dev.wagateway.dbmigrate.importer;

/** What to do with tables of the legacy file that its schema does not list. */
public enum UnknownTables {
    /** Stop before anything is written, naming the tables. */
    STOP,
    /** Carry their rows as JSON into {@code legacy_rows}. */
    CARRY,
    /** Leave them out, counted in the report. */
    SKIP
}
