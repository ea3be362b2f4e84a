package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.DatabaseOptions;
import dev.wagateway.dbmigrate.DatabaseSettings;
import dev.wagateway.dbmigrate.DefaultRegion;
import dev.wagateway.dbmigrate.importer.source.S3Clients;
import dev.wagateway.dbmigrate.importer.source.SourceFile;
import dev.wagateway.dbmigrate.importer.source.SourceUnavailableException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code db-migrate import-sqlite FILE}: the legacy SQLite database into the Flyway schema, nothing lost. */
@Command(name = "import-sqlite", mixinStandardHelpOptions = true,
        description = {"Imports a legacy SQLite database (shared/legacy/schema.sql format) into the PostgreSQL schema.",
                "Every source row is imported, merged into another row, or kept in import_rejects with the reason.",
                "Exit codes: 0 imported and verified; 1 failed (nothing kept); 2 refused before anything was written."})
public final class ImportSqliteCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "FILE",
            description = "The legacy SQLite file: a path, or s3://BUCKET/KEY (downloaded for the run, then deleted)")
    String source;

    @Option(names = "--download-dir", paramLabel = "DIR",
            description = "Where an s3:// file is downloaded (default: the system temporary directory)")
    Path downloadDirectory;

    @Option(names = "--dry-run", description = "Read and check everything and print the report; write nothing")
    boolean dryRun;

    @Option(names = "--unknown-tables", defaultValue = "stop", paramLabel = "stop|carry|skip",
            converter = UnknownTablesConverter.class,
            description = "Tables the legacy schema does not list: stop before writing (default), carry their rows as JSON "
                    + "into legacy_rows, or skip them (counted in the report)")
    UnknownTables unknownTables;

    @Option(names = "--allow-empty",
            description = "Import even a file with no row in any legacy table (or none of its tables); otherwise it is refused")
    boolean allowEmpty;

    @Option(names = "--apply-deletes",
            description = "Remove rows an earlier import brought in that are gone from the file (soft-delete where the table "
                    + "has deleted_at), when nobody changed them since; without it they are only reported")
    boolean applyDeletes;

    @Option(names = "--default-region", paramLabel = "CC",
            description = "Region (ISO 3166, e.g. BR) of numbers typed without a country code; without it such digits are read as international")
    String defaultRegion;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        String region;
        DatabaseSettings target;
        try {
            region = DefaultRegion.parse(defaultRegion);
            // The database first: a wrong setting should not cost a download.
            target = database.resolve();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Path downloads = downloadDirectory != null ? downloadDirectory : Path.of(System.getProperty("java.io.tmpdir"));
        ImportResult result;
        try (SourceFile file = SourceFile.open(source, downloads, S3Clients::fromEnvironment)) {
            result = new SqliteImporter(target, out, Progress.onTerminal())
                    .run(new ImportOptions(file.path(), dryRun, unknownTables, region, file.name(), allowEmpty, applyDeletes));
        } catch (ImportRefusedException | SourceUnavailableException e) {
            System.err.println(e.getMessage());
            return 2;
        } catch (PartialImportException e) {
            System.err.println(e.getMessage());
            return 1;
        } catch (Exception e) {
            // The run is already rolled back and recorded as failed in import_runs: one line says why.
            System.err.println("Import failed, nothing was kept: " + FailureLine.of(e));
            return 1;
        }
        ReportPrinter.print(out, result);
        out.printf("peak heap: %.1f MB%n", peakHeapBytes() / 1048576.0);
        return result.succeeded() ? 0 : 1;
    }

    /** The sum of the heap pools' peaks: what this run needed at most. */
    static long peakHeapBytes() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    static final class UnknownTablesConverter implements picocli.CommandLine.ITypeConverter<UnknownTables> {
        @Override
        public UnknownTables convert(String value) {
            return UnknownTables.valueOf(value.strip().toUpperCase());
        }
    }
}
