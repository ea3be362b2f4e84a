package dev.wagateway.infra;

/**
 * The classes of the function jars that infra names: the Lambda entry points, and the JDBC driver's plugins in
 * the functions' JDBC URLs. The only place infra names their classes; a test checks each is in its jars.
 */
public final class Handlers {

    /** Every HTTP function: Micronaut behind API Gateway HTTP API (payload v2). */
    public static final String API_GATEWAY = "dev.wagateway.shared.lambda.ApiGatewayHandler";

    /** db-migrate at deploy time: runs Flyway and throws when a migration fails, which fails the deploy. */
    public static final String MIGRATION = "dev.wagateway.dbmigrate.MigrationHandler";

    /** An import of a legacy SQLite file from S3, invoked by the operator; answers with the report. */
    public static final String IMPORT = "dev.wagateway.dbmigrate.ImportHandler";

    /** The scheduled pull of message templates from Meta, packaged in the list-templates jar. */
    public static final String TEMPLATE_SYNC = "dev.wagateway.listtemplates.TemplateSyncHandler";

    /** The event queue's consumer: delivers events to subscriptions, reporting partial batch failures. */
    public static final String DISPATCH_EVENTS = "dev.wagateway.dispatch.DispatchHandler";

    /** Every minute: sends again the events and due deliveries no worker picked up, and counts dead deliveries. */
    public static final String EVENTS_SWEEP = "dev.wagateway.dispatch.SweepHandler";

    /** Daily: deletes events and delivery logs past their retention, in batches. */
    public static final String EVENTS_RETENTION = "dev.wagateway.dispatch.RetentionHandler";
    public static final String AUTOMATION_WORKER = "dev.wagateway.automationworker.AutomationHandler";
    public static final String MEDIA_JOB = "dev.wagateway.mediajobs.MediaJobHandler";
    public static final String MEDIA_RETRY = "dev.wagateway.mediajobs.MediaRetryHandler";
    /** The move of the imported legacy media into the bucket, invoked by the operator after an import. */
    public static final String LEGACY_MEDIA = "dev.wagateway.mediajobs.LegacyMediaHandler";

    /** pgjdbc's TLS socket factory that trusts only the RDS CA bundle in the jar (sslfactory). */
    public static final String RDS_CERTIFICATES = "dev.wagateway.shared.datasource.RdsCertificates";

    /** pgjdbc's password for RDS Proxy: an IAM token signed per connection (authenticationPluginClassName). */
    public static final String RDS_IAM_AUTHENTICATION = "dev.wagateway.shared.datasource.RdsIamAuthentication";

    private Handlers() {
    }
}
