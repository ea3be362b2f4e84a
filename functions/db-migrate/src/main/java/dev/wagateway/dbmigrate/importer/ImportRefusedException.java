package dev.wagateway.dbmigrate.importer;

/** The import cannot start as asked; nothing was written. */
public final class ImportRefusedException extends RuntimeException {

    public ImportRefusedException(String message) {
        super(message);
    }
}
