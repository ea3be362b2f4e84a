package dev.wagateway.infra;

/** The Lambda entry points the function modules provide; the only place infra names their classes. */
public final class Handlers {

    /** Every HTTP function: Micronaut behind API Gateway HTTP API (payload v2). */
    public static final String API_GATEWAY = "dev.wagateway.shared.lambda.ApiGatewayHandler";

    /** db-migrate at deploy time: runs Flyway and throws when a migration fails, which fails the deploy. */
    public static final String MIGRATION = "dev.wagateway.dbmigrate.MigrationHandler";

    /** An import of a legacy SQLite file from S3, invoked by the operator; answers with the report. */
    public static final String IMPORT = "dev.wagateway.dbmigrate.ImportHandler";

    /** The scheduled pull of message templates from Meta, packaged in the list-templates jar. */
    public static final String TEMPLATE_SYNC = "dev.wagateway.listtemplates.TemplateSyncHandler";

    private Handlers() {
    }
}
