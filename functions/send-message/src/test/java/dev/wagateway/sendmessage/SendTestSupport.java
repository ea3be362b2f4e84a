package dev.wagateway.sendmessage;

import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.fakegraph.FakeGraphApi;

import java.util.HashMap;
import java.util.Map;

/** Configuration of a send-message context against a fake Graph API. */
final class SendTestSupport {

    static final String TOKEN = "EAAG-send-token-never-shown";
    static final String DEFAULT_NUMBER = "1055";
    static final String OTHER_NUMBER = "2066";

    private SendTestSupport() {
    }

    static Map<String, String> properties(DatabaseCoordinates database, FakeGraphApi fake) {
        Map<String, String> properties = new HashMap<>(database.datasourceProperties());
        properties.put("whatsapp.access-token", TOKEN);
        properties.put("whatsapp.phone-number-id", DEFAULT_NUMBER);
        properties.put("whatsapp.phone-number-ids", OTHER_NUMBER);
        properties.put("whatsapp.graph.base-url", fake.baseUrl());
        properties.put("whatsapp.graph.read-timeout", "2s"); // room for a loaded machine; Fault.slow beyond it
        properties.put("whatsapp.graph.initial-backoff", "10ms");
        properties.put("whatsapp.graph.max-attempts", "3");
        properties.put("messages.idempotency.wait", "5s");
        // These tests send to numbers that never wrote; CustomerServiceWindowTest turns the check on.
        properties.put("sending.window-check", "false");
        properties.put("datasources.default.maximum-pool-size", "12");
        return properties;
    }
}
