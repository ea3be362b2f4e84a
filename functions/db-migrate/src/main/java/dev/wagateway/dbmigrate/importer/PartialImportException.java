package dev.wagateway.dbmigrate.importer;

/**
 * An online (delta) import broke off: the batches it committed before stay, consistent (each with its row
 * hashes), and a re-run goes on from them.
 */
public final class PartialImportException extends RuntimeException {

    PartialImportException(Throwable cause) {
        super("Import failed: " + FailureLine.of(cause) + ". The rows of the batches committed before the failure stay "
                + "(this import runs online, in short transactions); run it again to finish.", cause);
    }
}
