package dev.wagateway.dbmigrate;

import dev.wagateway.dbmigrate.importer.UnknownTables;
import dev.wagateway.dbmigrate.importer.source.S3Location;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What {@link ImportHandler} is asked to do, read strictly: a misspelt field (say {@code "dryrun"}) must
 * not turn a dry run into a real import, so unknown fields are refused.
 *
 * @param source        the object to import
 * @param dryRun        check everything, write nothing
 * @param unknownTables tables the legacy schema does not list
 * @param defaultRegion region of national phone numbers, or null
 * @param allowEmpty    import even a file with no row in any legacy table
 * @param applyDeletes  remove rows an earlier import brought in that are gone from the file, when unchanged since
 */
public record ImportEvent(S3Location source, boolean dryRun, UnknownTables unknownTables, String defaultRegion, boolean allowEmpty,
                          boolean applyDeletes) {

    static final List<String> FIELDS = List.of("bucket", "key", "dry_run", "unknown_tables", "default_region", "allow_empty",
            "apply_deletes");

    public ImportEvent(S3Location source, boolean dryRun, UnknownTables unknownTables, String defaultRegion) {
        this(source, dryRun, unknownTables, defaultRegion, false, false);
    }

    /**
     * @param defaultBucket the function's own import bucket, used when the event names none (may be null)
     * @throws IllegalArgumentException saying what is wrong with the event
     */
    public static ImportEvent parse(Map<String, Object> event, String defaultBucket) {
        if (event == null || event.isEmpty()) {
            throw new IllegalArgumentException("Empty event: give at least {\"key\": \"...\"} (fields: " + String.join(", ", FIELDS) + ")");
        }
        for (String field : event.keySet()) {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("Unknown field '" + field + "' (fields: " + String.join(", ", FIELDS) + ")");
            }
        }
        String key = text(event, "key");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException("Missing 'key': the object key of the legacy SQLite file in the bucket");
        }
        String bucket = text(event, "bucket");
        if (bucket == null || bucket.isBlank()) {
            bucket = defaultBucket;
        }
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("Missing 'bucket', and this function has no default import bucket");
        }
        boolean dryRun = flag(event, "dry_run");
        boolean allowEmpty = flag(event, "allow_empty");
        boolean applyDeletes = flag(event, "apply_deletes");
        String unknownTables = text(event, "unknown_tables");
        UnknownTables tables = UnknownTables.STOP;
        if (unknownTables != null) {
            try {
                tables = UnknownTables.valueOf(unknownTables.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'unknown_tables' must be stop, carry or skip, not " + describe(unknownTables));
            }
        }
        return new ImportEvent(new S3Location(bucket.strip(), key), dryRun, tables,
                DefaultRegion.parse(text(event, "default_region")), allowEmpty, applyDeletes);
    }

    private static boolean flag(Map<String, Object> event, String field) {
        Object value = event.get(field);
        if (value != null && !(value instanceof Boolean)) {
            throw new IllegalArgumentException("'" + field + "' must be true or false, not " + describe(value));
        }
        return Boolean.TRUE.equals(value);
    }

    private static String text(Map<String, Object> event, String field) {
        Object value = event.get(field);
        if (value != null && !(value instanceof String)) {
            throw new IllegalArgumentException("'" + field + "' must be a string, not " + describe(value));
        }
        return (String) value;
    }

    private static String describe(Object value) {
        String text = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return text.length() > 60 ? text.substring(0, 60) + "..." : text;
    }
}
