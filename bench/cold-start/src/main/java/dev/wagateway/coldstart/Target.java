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
            case AUTOMATION_WORKER -> "SQS batch (one event message, its event gone)";
            case MANAGE_AUTOMATION -> "GET /v1/automation/rules?limit=20";
            case MEDIA -> "GET /v1/media/{unknown}/info (404)";
            case MEDIA_JOBS -> "SQS batch (one event message, its event gone)";
            case MEDIA_RETRY -> "scheduled retry (nothing due)";
            case LEGACY_MEDIA -> "operator's move (nothing imported)";
        };
    }
}
