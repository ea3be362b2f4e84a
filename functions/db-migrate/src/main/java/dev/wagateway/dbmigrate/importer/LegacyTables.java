package dev.wagateway.dbmigrate.importer;

import dev.wagateway.dbmigrate.importer.TableSpec.Reference;
import dev.wagateway.dbmigrate.importer.TableSpec.Unique;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.wagateway.dbmigrate.importer.Column.constant;
import static dev.wagateway.dbmigrate.importer.Column.enumeration;
import static dev.wagateway.dbmigrate.importer.Column.of;
import static dev.wagateway.dbmigrate.importer.Column.required;
import static dev.wagateway.dbmigrate.importer.Column.withDefault;
import static dev.wagateway.dbmigrate.importer.Kind.BCRYPT_HASH;
import static dev.wagateway.dbmigrate.importer.Kind.BLOB;
import static dev.wagateway.dbmigrate.importer.Kind.BOOLEAN;
import static dev.wagateway.dbmigrate.importer.Kind.INTEGER;
import static dev.wagateway.dbmigrate.importer.Kind.INT_ID;
import static dev.wagateway.dbmigrate.importer.Kind.JSON_ARRAY;
import static dev.wagateway.dbmigrate.importer.Kind.JSON_OBJECT;
import static dev.wagateway.dbmigrate.importer.Kind.LANGUAGE;
import static dev.wagateway.dbmigrate.importer.Kind.NAME_LIST;
import static dev.wagateway.dbmigrate.importer.Kind.PHONE;
import static dev.wagateway.dbmigrate.importer.Kind.PLACEHOLDER_COUNT;
import static dev.wagateway.dbmigrate.importer.Kind.REAL;
import static dev.wagateway.dbmigrate.importer.Kind.TEXT;
import static dev.wagateway.dbmigrate.importer.Kind.TEXT_ID;
import static dev.wagateway.dbmigrate.importer.Kind.TIMESTAMP;

/**
 * The tables of the legacy schema ({@code shared/legacy/schema.sql}) in foreign-key order, each with
 * the target columns of the Flyway schema that its values go to.
 */
final class LegacyTables {

    static final String EPOCH = "1970-01-01T00:00:00Z";

    private static final List<TableSpec> ALL = List.of(
            new TableSpec("contacts", List.of(
                    required("id", TEXT_ID),
                    required("phone", PHONE),
                    of("name", TEXT),
                    of("profile_picture_url", TEXT),
                    of("last_message_at", TIMESTAMP),
                    withDefault("message_count", INTEGER, "0").atLeast(0),
                    withDefault("unread_count", INTEGER, "0").atLeast(0),
                    withDefault("is_blocked", BOOLEAN, "f"),
                    of("created_at", TIMESTAMP).orElse("updated_at"),
                    of("updated_at", TIMESTAMP).orElse("created_at"),
                    of("deleted_at", TIMESTAMP)),
                    true, List.of("id", "phone"), List.of(),
                    List.of(new Unique(List.of("phone"), "deleted_at IS NULL")), true),
            new TableSpec("messages", List.of(
                    required("id", TEXT_ID),
                    required("phone", PHONE),
                    enumeration("direction", true, null, spellings(Map.of(
                            "inbound", List.of("inbound", "in", "incoming", "received"),
                            "outbound", List.of("outbound", "out", "outgoing", "sent")))),
                    enumeration("type", true, null, spellings(Map.ofEntries(
                            same("text"), same("template"), same("image"), same("document"), same("audio"), same("video"),
                            same("sticker"), same("location"), same("contacts"), same("interactive"), same("button"),
                            same("reaction"), same("order"), same("system"), same("unsupported")))),
                    of("content", TEXT),
                    of("media_url", TEXT),
                    of("caption", TEXT),
                    enumeration("status", true, null, spellings(Map.of(
                            "accepted", List.of("accepted", "pending", "queued"),
                            "received", List.of("received"),
                            "sent", List.of("sent"),
                            "delivered", List.of("delivered"),
                            "read", List.of("read", "seen"),
                            "failed", List.of("failed", "error")))),
                    of("whatsapp_message_id", TEXT).max(128),
                    of("error_code", TEXT),
                    of("error_message", TEXT),
                    of("created_at", TIMESTAMP).orElse("updated_at"),
                    of("updated_at", TIMESTAMP).orElse("created_at")),
                    true, List.of("id", "phone", "whatsapp_message_id"), List.of(),
                    List.of(new Unique(List.of("whatsapp_message_id"), "whatsapp_message_id IS NOT NULL")), false),
            new TableSpec("templates", List.of(
                    required("id", TEXT_ID),
                    required("name", TEXT).max(512),
                    required("language", LANGUAGE),
                    enumeration("category", true, null, spellings(Map.of(
                            "MARKETING", List.of("marketing"),
                            "UTILITY", List.of("utility", "transactional", "account_update"),
                            "AUTHENTICATION", List.of("authentication", "otp")))),
                    enumeration("status", true, null, spellings(Map.of(
                            "APPROVED", List.of("approved", "active"),
                            "PENDING", List.of("pending", "in_review"),
                            "REJECTED", List.of("rejected"),
                            "PAUSED", List.of("paused"),
                            "DISABLED", List.of("disabled"),
                            "IN_APPEAL", List.of("in_appeal"),
                            "PENDING_DELETION", List.of("pending_deletion"),
                            "DELETED", List.of("deleted"),
                            "LIMIT_EXCEEDED", List.of("limit_exceeded")))),
                    of("content", TEXT),
                    withDefault("parameters", JSON_ARRAY, "[]"),
                    new Column("body_parameter_count", "content", PLACEHOLDER_COUNT, true, null, Map.of(), 0, null),
                    of("created_at", TIMESTAMP).orElse("updated_at"),
                    of("updated_at", TIMESTAMP).orElse("created_at"),
                    of("deleted_at", TIMESTAMP)),
                    false, List.of("id", "name", "language"), List.of(),
                    List.of(new Unique(List.of("name", "language"), "deleted_at IS NULL")), false),
            new TableSpec("api_keys", List.of(
                    required("id", TEXT_ID),
                    required("key_hash", BCRYPT_HASH),
                    constant("hash_algorithm", "bcrypt"),
                    required("name", TEXT),
                    withDefault("permissions", JSON_ARRAY, "[]"),
                    withDefault("rate_limit", INTEGER, "1000").atLeast(1),
                    of("last_used_at", TIMESTAMP),
                    of("expires_at", TIMESTAMP),
                    of("created_at", TIMESTAMP).orElse("last_used_at"),
                    // The legacy table has no updated_at: the row last changed when it was made.
                    of("updated_at", TIMESTAMP).from("created_at").orElse("last_used_at"),
                    of("deleted_at", TIMESTAMP)),
                    false, List.of("id", "key_hash"), List.of(),
                    List.of(new Unique(List.of("key_hash"), "deleted_at IS NULL")), false),
            new TableSpec("webhooks", List.of(
                    required("id", TEXT_ID),
                    required("url", TEXT),
                    withDefault("events", NAME_LIST, "[]"),
                    of("secret", TEXT),
                    withDefault("is_active", BOOLEAN, "t"),
                    of("created_at", TIMESTAMP).orElse("updated_at"),
                    of("updated_at", TIMESTAMP).orElse("created_at")),
                    false, List.of("id", "url"), List.of(), List.of(), false),
            new TableSpec("automation_rules", List.of(
                    required("id", INT_ID),
                    required("name", TEXT),
                    enumeration("trigger_type", true, null, spellings(Map.of(
                            "keyword", List.of("keyword", "keywords"),
                            "regex", List.of("regex", "regexp", "pattern"),
                            "first_message", List.of("first_message", "first-message", "firstmessage", "welcome"),
                            "any", List.of("any", "all", "*")))),
                    of("trigger_value", TEXT),
                    enumeration("response_type", true, null, spellings(Map.of(
                            "text", List.of("text", "message"),
                            "template", List.of("template"),
                            "flow", List.of("flow")))),
                    of("response_value", TEXT),
                    withDefault("is_active", BOOLEAN, "t"),
                    withDefault("priority", INTEGER, "0"),
                    of("created_at", TIMESTAMP).orElse("updated_at"),
                    of("updated_at", TIMESTAMP).orElse("created_at")),
                    false, List.of("id", "name"), List.of(), List.of(), false),
            new TableSpec("automation_logs", List.of(
                    required("id", INT_ID),
                    of("rule_id", INTEGER),
                    required("phone", PHONE),
                    of("message_id", TEXT),
                    of("matched_text", TEXT),
                    withDefault("success", BOOLEAN, "t"),
                    of("error", TEXT),
                    of("executed_at", TIMESTAMP).orElse("executed_at"),
                    // The legacy log has one time: when it happened, which is when it was written.
                    of("created_at", TIMESTAMP).from("executed_at").orElse("executed_at"),
                    of("updated_at", TIMESTAMP).from("executed_at").orElse("executed_at")),
                    false, List.of("id", "phone"),
                    List.of(new Reference(List.of("rule_id"), "automation_rules", List.of("id"), false, true),
                            new Reference(List.of("message_id"), "messages", List.of("id"), false, true)),
                    List.of(), false),
            new TableSpec("flows", List.of(
                    required("id", INT_ID),
                    required("name", TEXT),
                    of("description", TEXT),
                    of("trigger_keyword", TEXT),
                    withDefault("is_active", BOOLEAN, "f"),
                    of("created_at", TIMESTAMP).orElse("updated_at"),
                    of("updated_at", TIMESTAMP).orElse("created_at")),
                    false, List.of("id", "name"), List.of(), List.of(), false),
            new TableSpec("flow_nodes", List.of(
                    required("id", INT_ID),
                    required("flow_id", INTEGER),
                    required("node_key", TEXT),
                    enumeration("type", true, null, spellings(Map.of(
                            "message", List.of("message", "text", "send"),
                            "question", List.of("question", "ask", "input"),
                            "condition", List.of("condition", "branch", "if"),
                            "action", List.of("action"),
                            "end", List.of("end", "stop", "finish")))),
                    withDefault("config", JSON_OBJECT, "{}"),
                    of("position_x", REAL),
                    of("position_y", REAL)),
                    false, List.of("id", "flow_id", "node_key"),
                    List.of(new Reference(List.of("flow_id"), "flows", List.of("id"), true, false)),
                    List.of(new Unique(List.of("flow_id", "node_key"), null)), false),
            new TableSpec("flow_edges", List.of(
                    required("id", INT_ID),
                    required("flow_id", INTEGER),
                    required("source_node_key", TEXT),
                    required("target_node_key", TEXT),
                    of("condition", TEXT)),
                    false, List.of("id", "flow_id", "source_node_key", "target_node_key"),
                    List.of(new Reference(List.of("flow_id"), "flows", List.of("id"), true, false),
                            new Reference(List.of("flow_id", "source_node_key"), "flow_nodes", List.of("flow_id", "node_key"), false, false),
                            new Reference(List.of("flow_id", "target_node_key"), "flow_nodes", List.of("flow_id", "node_key"), false, false)),
                    List.of(), false),
            new TableSpec("conversation_sessions", List.of(
                    required("id", INT_ID),
                    required("phone", PHONE),
                    of("flow_id", INTEGER),
                    of("current_node_key", TEXT),
                    withDefault("variables", JSON_OBJECT, "{}"),
                    enumeration("status", false, "active", spellings(Map.of(
                            "active", List.of("active", "open", "running"),
                            "completed", List.of("completed", "complete", "done", "finished", "closed"),
                            "expired", List.of("expired", "timeout", "timed_out")))),
                    of("started_at", TIMESTAMP).orElse("last_activity_at"),
                    of("last_activity_at", TIMESTAMP),
                    of("expires_at", TIMESTAMP),
                    of("created_at", TIMESTAMP).from("started_at").orElse("started_at"),
                    of("updated_at", TIMESTAMP).from("last_activity_at").orElse("started_at")),
                    false, List.of("id", "phone"),
                    List.of(new Reference(List.of("flow_id"), "flows", List.of("id"), false, true)),
                    List.of(), false),
            new TableSpec("media", List.of(
                    required("id", INT_ID),
                    of("message_id", TEXT),
                    of("whatsapp_media_id", TEXT),
                    of("mime_type", TEXT),
                    of("file_name", TEXT),
                    of("file_size", INTEGER).atLeast(0),
                    of("sha256", TEXT),
                    of("storage_path", TEXT),
                    of("data", BLOB),
                    of("created_at", TIMESTAMP).orElse("created_at"),
                    of("updated_at", TIMESTAMP).from("created_at").orElse("created_at")),
                    false, List.of("id", "whatsapp_media_id"),
                    List.of(new Reference(List.of("message_id"), "messages", List.of("id"), false, true)),
                    List.of(), false));

    private static final Map<String, TableSpec> BY_NAME = new LinkedHashMap<>();

    static {
        ALL.forEach(spec -> BY_NAME.put(spec.name(), spec));
    }

    private LegacyTables() {
    }

    /** Every table, parents before children. */
    static List<TableSpec> all() {
        return ALL;
    }

    static TableSpec byName(String name) {
        return BY_NAME.get(name);
    }

    private static Map.Entry<String, List<String>> same(String value) {
        return Map.entry(value, List.of(value));
    }

    private static Map<String, String> spellings(Map<String, List<String>> byTarget) {
        Map<String, String> map = new LinkedHashMap<>();
        byTarget.forEach((target, names) -> names.forEach(name -> map.put(name, target)));
        return Map.copyOf(map);
    }
}
