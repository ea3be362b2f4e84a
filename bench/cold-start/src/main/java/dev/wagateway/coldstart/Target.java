package dev.wagateway.coldstart;

import dev.wagateway.infra.GatewayFunction;
import dev.wagateway.infra.Handlers;

import java.nio.file.Path;

/**
 * One function as the infra deploys it (or the bare function, {@code function} null): its jar as built ({@link #AOT}
 * or {@link #WITHOUT_AOT}), its handler class, its memory and timeout, and how many calls its warm JVM makes before
 * (and while) timing.
 */
record Target(GatewayFunction function, String build, Path jar, String handler, int memoryMb, int timeoutSeconds, int warmUp,
              int measured) {

    static final String AOT = "AOT";
    static final String WITHOUT_AOT = "no AOT";
    /** An AOT jar of another commit ({@code bench.baseline}), measured beside this commit's, SnapStart-shaped case too. */
    static final String BASELINE = "AOT baseline";
    /** The bare function's module (bench/bare-function). */
    static final String BARE = "bare-function";

    /** The bare function: the same handler as every HTTP function, one controller answering a constant, no database. */
    static Target bare(String build, Path jar, int memoryMb) {
        return new Target(null, build, jar, Handlers.API_GATEWAY, memoryMb, 30, 1000, 1000);
    }

    boolean isBare() {
        return function == null;
    }

    /** What the driver's {@code Invocation.of} is given. */
    String driverName() {
        return isBare() ? "BARE" : function.name();
    }

    String module() {
        return isBare() ? BARE : function.module();
    }

    /** An HTTP function (API Gateway), whose cold start the floors compare with the bare function's. */
    boolean isHttp() {
        return handler.equals(Handlers.API_GATEWAY);
    }

    /** The same function in the other build. */
    boolean sameFunction(Target other) {
        return java.util.Objects.equals(function, other.function) && handler.equals(other.handler);
    }

    /** The request each JVM answers first, as the report names it. */
    String request() {
        if (isBare()) {
            return "GET /bare (a constant)";
        }
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
