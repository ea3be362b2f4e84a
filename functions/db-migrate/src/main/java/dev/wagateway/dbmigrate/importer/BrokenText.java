package dev.wagateway.dbmigrate.importer;

/**
 * Text PostgreSQL cannot hold as it stands (a NUL character, or bytes that are not UTF-8): the
 * readable text with U+FFFD in place of what could not be kept, and the original bytes.
 */
record BrokenText(String text, byte[] original) {
}
