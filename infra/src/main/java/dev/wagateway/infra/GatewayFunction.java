package dev.wagateway.infra;

/**
 * One Lambda function of the product: which module's jar it runs, through which handler, and whether
 * it talks to Meta (only those get the WhatsApp secret).
 */
public enum GatewayFunction {
    SEND_MESSAGE("SendMessage", "send-message", Handlers.API_GATEWAY, true),
    RECEIVE_WEBHOOK("ReceiveWebhook", "receive-webhook", Handlers.API_GATEWAY, true),
    UPSERT_CONTACT("UpsertContact", "upsert-contact", Handlers.API_GATEWAY, false),
    LIST_TEMPLATES("ListTemplates", "list-templates", Handlers.API_GATEWAY, true),
    TEMPLATE_SYNC("TemplateSync", "list-templates", Handlers.TEMPLATE_SYNC, true),
    DB_MIGRATE("DbMigrate", "db-migrate", Handlers.MIGRATION, false),
    DB_IMPORT("DbImport", "db-migrate", Handlers.IMPORT, false),
    MANAGE_WEBHOOKS("ManageWebhooks", "manage-webhooks", Handlers.API_GATEWAY, false),
    DISPATCH_EVENTS("DispatchEvents", "dispatch-events", Handlers.DISPATCH_EVENTS, false),
    EVENTS_SWEEP("EventsSweep", "dispatch-events", Handlers.EVENTS_SWEEP, false),
    EVENTS_RETENTION("EventsRetention", "dispatch-events", Handlers.EVENTS_RETENTION, false),
    AUTOMATION_WORKER("AutomationWorker", "automation-worker", Handlers.AUTOMATION_WORKER, true),
    MANAGE_AUTOMATION("ManageAutomation", "manage-automation", Handlers.API_GATEWAY, false),
    MEDIA("Media", "media", Handlers.API_GATEWAY, true),
    MEDIA_JOBS("MediaJobs", "media-jobs", Handlers.MEDIA_JOB, true),
    MEDIA_RETRY("MediaRetry", "media-jobs", Handlers.MEDIA_RETRY, true),
    LEGACY_MEDIA("LegacyMedia", "media-jobs", Handlers.LEGACY_MEDIA, false);

    private final String constructId;
    private final String module;
    private final String handler;
    private final boolean usesWhatsApp;

    GatewayFunction(String constructId, String module, String handler, boolean usesWhatsApp) {
        this.constructId = constructId;
        this.module = module;
        this.handler = handler;
        this.usesWhatsApp = usesWhatsApp;
    }

    public String constructId() {
        return constructId;
    }

    /** The Maven module under functions/ whose shaded jar is this function's code. */
    public String module() {
        return module;
    }

    public String handler() {
        return handler;
    }

    public boolean usesWhatsApp() {
        return usesWhatsApp;
    }

    /** The functions that read or write the media bucket (MEDIA_STORAGE_BUCKET). */
    public boolean usesMediaBucket() {
        return this == MEDIA || this == MEDIA_JOBS || this == MEDIA_RETRY || this == LEGACY_MEDIA || this == SEND_MESSAGE;
    }

    /** db-migrate and the import log in to PostgreSQL directly as the master user; every other one through RDS Proxy. */
    public boolean connectsDirectly() {
        return this == DB_MIGRATE || this == DB_IMPORT;
    }
}
