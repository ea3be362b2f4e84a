package dev.wagateway.dbmigrate.importer;

import java.util.Map;

/**
 * One target column and where its value comes from.
 *
 * @param name       the target column
 * @param source     the legacy column it is read from (null for {@link Kind#CONSTANT})
 * @param kind       how the value is converted
 * @param required   the target column is NOT NULL and has no usable default: a missing value rejects the row
 * @param fallback   value written for a missing value when the target column is NOT NULL with a default
 *                   (for timestamps: another target column whose value stands in)
 * @param enumValues for {@link Kind#ENUM}: every accepted spelling (lower case) to its target value
 * @param maxLength  longest accepted text, 0 for no limit
 * @param minimum    smallest accepted integer, or null
 */
record Column(String name, String source, Kind kind, boolean required, String fallback,
              Map<String, String> enumValues, int maxLength, Long minimum) {

    static Column of(String name, Kind kind) {
        return new Column(name, name, kind, false, null, Map.of(), 0, null);
    }

    static Column required(String name, Kind kind) {
        return new Column(name, name, kind, true, null, Map.of(), 0, null);
    }

    static Column withDefault(String name, Kind kind, String fallback) {
        return new Column(name, name, kind, false, fallback, Map.of(), 0, null);
    }

    static Column enumeration(String name, boolean required, String fallback, Map<String, String> values) {
        return new Column(name, name, Kind.ENUM, required, fallback, values, 0, null);
    }

    static Column constant(String name, String value) {
        return new Column(name, null, Kind.CONSTANT, true, value, Map.of(), 0, null);
    }

    Column from(String sourceColumn) {
        return new Column(name, sourceColumn, kind, required, fallback, enumValues, maxLength, minimum);
    }

    Column max(int length) {
        return new Column(name, source, kind, required, fallback, enumValues, length, minimum);
    }

    Column atLeast(long value) {
        return new Column(name, source, kind, required, fallback, enumValues, maxLength, value);
    }

    /** NOT NULL timestamps: when the value is missing or impossible, another column's value stands in. */
    Column orElse(String otherColumn) {
        return new Column(name, source, kind, true, otherColumn, enumValues, maxLength, minimum);
    }
}
