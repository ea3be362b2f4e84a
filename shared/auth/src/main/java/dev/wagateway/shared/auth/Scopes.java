package dev.wagateway.shared.auth;

import java.util.Set;

/** What an API key may do. A key holds a list of these; {@code *} grants all. */
public final class Scopes {

    public static final String MESSAGES_SEND = "messages:send";
    public static final String MESSAGES_READ = "messages:read";
    public static final String CONTACTS_WRITE = "contacts:write";
    public static final String CONTACTS_READ = "contacts:read";
    public static final String TEMPLATES_READ = "templates:read";
    public static final String TEMPLATES_SYNC = "templates:sync";
    /** Creating and deleting templates at Meta ({@code POST}/{@code DELETE /v1/templates}). */
    public static final String TEMPLATES_WRITE = "templates:write";
    public static final String WEBHOOKS_MANAGE = "webhooks:manage";
    public static final String EVENTS_READ = "events:read";
    public static final String AUTOMATION_READ = "automation:read";
    public static final String AUTOMATION_WRITE = "automation:write";
    public static final String MEDIA_READ = "media:read";
    public static final String MEDIA_WRITE = "media:write";
    public static final String ALL = "*";

    public static final Set<String> KNOWN = Set.of(MESSAGES_SEND, MESSAGES_READ, CONTACTS_WRITE, CONTACTS_READ,
            TEMPLATES_READ, TEMPLATES_SYNC, TEMPLATES_WRITE, WEBHOOKS_MANAGE, EVENTS_READ, AUTOMATION_READ, AUTOMATION_WRITE, MEDIA_READ,
            MEDIA_WRITE, ALL);

    private Scopes() {
    }

    public static boolean grants(Iterable<String> held, String required) {
        for (String scope : held) {
            if (ALL.equals(scope) || scope.equals(required)) {
                return true;
            }
        }
        return false;
    }
}
