package dev.wagateway.dbmigrate.importer;

import java.util.List;

/**
 * The outcome of one import run.
 *
 * @param runId   the import_runs id (also for a dry run, whose record is not kept)
 * @param dryRun  nothing was written
 * @param tables  per table, in foreign-key order, then tables the schema does not list
 * @param problem why the run failed, or null
 * @param online  the run wrote in short transactions (into a target that already held rows): a failed run keeps
 *                the batches it committed
 */
public record ImportResult(String runId, boolean dryRun, List<TableReport> tables, String problem, boolean online) {

    public ImportResult(String runId, boolean dryRun, List<TableReport> tables, String problem) {
        this(runId, dryRun, tables, problem, false);
    }

    public boolean succeeded() {
        return problem == null;
    }

    public TableReport table(String name) {
        return tables.stream().filter(t -> t.table().equals(name)).findFirst().orElseThrow();
    }
}
