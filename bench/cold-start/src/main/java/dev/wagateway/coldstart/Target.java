package dev.wagateway.coldstart;

import dev.wagateway.infra.GatewayFunction;

import java.nio.file.Path;

/**
 * One function as the infra deploys it: its jar, its handler class, its memory and timeout, and how
 * many calls its warm JVM makes before (and while) timing.
 */
record Target(GatewayFunction function, Path jar, String handler, int memoryMb, int timeoutSeconds, int warmUp,
              int measured) {

    /** The request each JVM answers first, as the report names it. */
    String request() {
        return switch (function) {
            case SEND_MESSAGE -> "POST /v1/messages (text, fake Graph API)";
            case RECEIVE_WEBHOOK -> "POST /webhooks/whatsapp (signed inbound text)";
            case UPSERT_CONTACT -> "GET /v1/contacts/{ref}";
            case LIST_TEMPLATES -> "GET /v1/templates?status=APPROVED&limit=20";
            case TEMPLATE_SYNC -> "scheduled sync (fake Graph API)";
            case DB_MIGRATE -> "deploy trigger (schema current)";
            case DB_IMPORT -> throw new IllegalStateException("the import needs S3: not benchmarked");
            case MANAGE_WEBHOOKS -> "GET /v1/webhooks";
            case DISPATCH_EVENTS -> "SQS batch (event source mapping, no records)";
            case EVENTS_SWEEP -> "scheduled sweep (nothing to send again)";
            case EVENTS_RETENTION -> "scheduled retention (nothing old)";
            case AUTOMATION_WORKER, MANAGE_AUTOMATION, MEDIA, MEDIA_JOBS, MEDIA_RETRY, LEGACY_MEDIA ->
                    throw new IllegalStateException(function + " has no request in the driver yet: not benchmarked");
        };
    }
}
