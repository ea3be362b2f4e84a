package dev.wagateway.dbmigrate.importer.source;

/** The legacy file cannot be had (missing, forbidden, no credentials, broken download); nothing was written. */
public final class SourceUnavailableException extends RuntimeException {

    public SourceUnavailableException(String message) {
        super(message);
    }

    public SourceUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
