package dev.wagateway.dbmigrate;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.wagateway.dbmigrate.importer.FailureLine;
import dev.wagateway.dbmigrate.importer.ImportOptions;
import dev.wagateway.dbmigrate.importer.PartialImportException;
import dev.wagateway.dbmigrate.importer.ImportRefusedException;
import dev.wagateway.dbmigrate.importer.ImportResult;
import dev.wagateway.dbmigrate.importer.ReportPrinter;
import dev.wagateway.dbmigrate.importer.SqliteImporter;
import dev.wagateway.dbmigrate.importer.source.S3Clients;
import dev.wagateway.dbmigrate.importer.source.S3SourceFile;
import dev.wagateway.dbmigrate.importer.source.SourceFile;
import dev.wagateway.dbmigrate.importer.source.SourceUnavailableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code import-sqlite} as a Lambda, on a file in S3: an event such as
 * {@code {"bucket": "...", "key": "legacy.db", "dry_run": true, "unknown_tables": "stop", "default_region": "BR"}}
 * downloads the object to the function's /tmp, imports it over the database's direct endpoint and answers
 * with the report. Every outcome is an answer ({@code ok}, {@code status}, {@code error}), never a thrown
 * stack trace; the copy in /tmp is deleted in every case.
 */
public class ImportHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    /** The function's import bucket, used when an event names no bucket. */
    public static final String BUCKET_ENV = "IMPORT_BUCKET";

    private static final Logger LOG = LoggerFactory.getLogger(ImportHandler.class);

    private final DatabaseSettingsResolver resolver;
    private final Supplier<S3Client> s3;
    private final Path downloadDirectory;
    private final String defaultBucket;
    private S3Client client;

    /** Used by the Lambda runtime. */
    public ImportHandler() {
        this(new DatabaseSettingsResolver(System.getenv(), MigrationHandler.secretsManager()), S3Clients::fromEnvironment,
                Path.of(System.getProperty("java.io.tmpdir")), System.getenv(BUCKET_ENV));
    }

    /**
     * @param s3                asked once, at the first event that needs S3
     * @param downloadDirectory where the object is copied for the run
     * @param defaultBucket     the bucket of events that name none, or null
     */
    public ImportHandler(DatabaseSettingsResolver resolver, Supplier<S3Client> s3, Path downloadDirectory, String defaultBucket) {
        this.resolver = resolver;
        this.s3 = s3;
        this.downloadDirectory = downloadDirectory;
        this.defaultBucket = defaultBucket;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        ImportEvent event;
        try {
            event = ImportEvent.parse(input, defaultBucket);
        } catch (IllegalArgumentException e) {
            LOG.warn("Import refused: {}", e.getMessage());
            return ImportReport.refused(null, e.getMessage());
        }
        String source = event.source().toString();
        DatabaseSettings database;
        try {
            // Before the download: a database that cannot be found should not cost one.
            database = resolver.resolve(null, null, null);
        } catch (RuntimeException e) {
            LOG.error("No database for the import of {}", source, e);
            return ImportReport.refused(source, "Cannot find the database: " + e.getMessage());
        }
        try (SourceFile file = new S3SourceFile(client()).download(event.source(), downloadDirectory)) {
            LOG.info("Importing {} (dry run: {}, unknown tables: {}, default region: {})", source, event.dryRun(),
                    event.unknownTables(), event.defaultRegion());
            PrintStream log = System.out;
            ImportResult result = new SqliteImporter(database, log, false).run(new ImportOptions(file.path(), event.dryRun(),
                    event.unknownTables(), event.defaultRegion(), file.name(), event.allowEmpty(), event.applyDeletes()));
            ReportPrinter.print(log, result);
            return ImportReport.of(source, result);
        } catch (SourceUnavailableException | ImportRefusedException e) {
            LOG.warn("Import of {} refused: {}", source, e.getMessage());
            return ImportReport.refused(source, e.getMessage());
        } catch (PartialImportException e) {
            // An online run: its committed batches stay, and the message says so.
            LOG.error("Import of {} failed", source, e);
            return ImportReport.failed(source, e.getMessage());
        } catch (Exception e) {
            // The full trace goes to the function's log; the caller gets one line.
            LOG.error("Import of {} failed", source, e);
            return ImportReport.failed(source, FailureLine.of(e)
                    + " (nothing was kept; the function's log has the details)");
        }
    }

    private synchronized S3Client client() {
        if (client == null) {
            client = s3.get();
        }
        return client;
    }
}
