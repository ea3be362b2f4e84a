package dev.wagateway.dbmigrate.importer;

/** How a legacy value becomes a target value. */
enum Kind {
    /** A text primary key, kept as it is. */
    TEXT_ID,
    /** An integer primary key (SQLite's rowid), kept as it is. */
    INT_ID,
    TEXT,
    INTEGER,
    REAL,
    BOOLEAN,
    TIMESTAMP,
    /** Any phone spelling, to E.164. */
    PHONE,
    /** One of a fixed set of values, after mapping the spellings the legacy app used. */
    ENUM,
    /** A Meta template language code: {@code en_US}, {@code pt_BR}, {@code es}. */
    LANGUAGE,
    JSON_OBJECT,
    JSON_ARRAY,
    /** A JSON array, or the legacy comma-separated list of names. */
    NAME_LIST,
    BLOB,
    /** A bcrypt hash (legacy API keys); anything else could never authenticate. */
    BCRYPT_HASH,
    /** Not read: a fixed value. */
    CONSTANT,
    /** Not stored as is: how many distinct {@code {{n}}} placeholders the source text holds. */
    PLACEHOLDER_COUNT
}
