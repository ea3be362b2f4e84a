package dev.wagateway.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the local run prints once it serves: where things are, and curl commands that work against
 * it as printed (LocalRunTest runs them).
 */
final class Quickstart {

    /** The recipient of the sample commands (a fictional US number, valid for libphonenumber). */
    static final String PHONE = "16505551234";
    static final String APP_SECRET_VARIABLE = "WHATSAPP_APP_SECRET";
    static final String VERIFY_TOKEN_VARIABLE = "WHATSAPP_VERIFY_TOKEN";

    /** One thing to try: what it shows, and the shell lines that do it. */
    record Step(String comment, List<String> lines) {
    }

    private Quickstart() {
    }

    /**
     * The commands, after {@link #setup}. Webhook credentials that came from the environment are
     * referred to by their variable, never printed.
     */
    static List<Step> steps(LocalServer server, Map<String, String> environment) {
        String auth = "-H \"Authorization: Bearer $KEY\"";
        String json = "-H 'Content-Type: application/json'";
        String curl = "curl -sS -w ' %{http_code}\\n'";
        String verifyToken = environment.containsKey(VERIFY_TOKEN_VARIABLE)
                ? "$" + VERIFY_TOKEN_VARIABLE : URLEncoder.encode(server.verifyToken(), StandardCharsets.UTF_8);
        String appSecret = environment.containsKey(APP_SECRET_VARIABLE)
                ? "\"$" + APP_SECRET_VARIABLE + "\"" : shellQuoted(server.appSecret());
        String phoneNumberId = server.phoneNumberId() == null ? LocalServer.FAKE_PHONE_NUMBER_ID : server.phoneNumberId();
        String sendComment = server.fakeGraphApi().isPresent()
                ? "send a text: 202, sent through the fake Graph API"
                : "send a text through Meta: a real message, so put your own test number in place of " + PHONE;
        return List.of(
                new Step("subscribe the quickstart receiver to every event (the answer holds the signing secret, shown once);"
                        + " what it receives is printed here, signed (Standard Webhooks)",
                        List.of(curl + " -X POST \"$WAG/v1/webhooks\" " + auth + " " + json
                                + " -d '{\"url\":\"" + server.receiverUrl() + "\",\"events\":[\"*\"],\"description\":\"quickstart\"}'")),
                new Step("a contact: 201 when new, 200 after",
                        List.of(curl + " -X PUT \"$WAG/v1/contacts/" + PHONE + "\" " + auth + " " + json
                                + " -d '{\"name\":\"Ana\"}'")),
                new Step(sendComment,
                        List.of(curl + " -X POST \"$WAG/v1/messages\" " + auth + " " + json
                                + " -d '{\"to\":\"" + PHONE + "\",\"type\":\"text\",\"text\":{\"body\":\"Hello from wa-gateway\"}}'")),
                new Step("templates: pull them from the Graph API, then list them",
                        List.of(curl + " -X POST \"$WAG/v1/templates/sync\" " + auth,
                                curl + " \"$WAG/v1/templates\" " + auth)),
                new Step("webhook: Meta's verification handshake (echoes the challenge)",
                        List.of(curl + " \"$WAG/webhooks/whatsapp?hub.mode=subscribe&hub.verify_token=" + verifyToken
                                + "&hub.challenge=1158201444\"")),
                new Step("webhook: a delivery signed with the app secret (an inbound text), stored as a message; the receiver"
                        + " gets message.received (sent again, it is stored once and makes no second event)",
                        List.of("body='" + inboundText(phoneNumberId) + "'",
                                "sig=$(printf %s \"$body\" | openssl dgst -sha256 -hmac " + appSecret + " | awk '{print $NF}')",
                                curl + " -X POST \"$WAG/webhooks/whatsapp\" " + json
                                        + " -H \"X-Hub-Signature-256: sha256=$sig\" --data-binary \"$body\"")),
                new Step("the messages to and from that number",
                        List.of(curl + " \"$WAG/v1/messages?phone=" + PHONE + "\" " + auth)),
                new Step("the same events, pulled instead of pushed (page on with after=<the last id>)",
                        List.of(curl + " \"$WAG/v1/events?limit=20\" " + auth)));
    }

    /** The line that the steps need first. */
    static String setup(LocalServer server) {
        return "export WAG=" + server.url() + " KEY=" + server.apiKey();
    }

    static String render(LocalServer server, Map<String, String> environment, String database, String apiKeyFile) {
        String graph = server.fakeGraphApi().isPresent()
                ? "the fake one at " + server.graphBaseUrl() + " (no Meta; sends succeed).\n"
                + "             Set WHATSAPP_ACCESS_TOKEN, WHATSAPP_PHONE_NUMBER_ID and WHATSAPP_BUSINESS_ACCOUNT_ID for Meta's."
                : "Meta's at " + server.graphBaseUrl() + " (WHATSAPP_ACCESS_TOKEN is set)"
                + missing(server.phoneNumberId(), "WHATSAPP_PHONE_NUMBER_ID", "sends")
                + missing(server.businessAccountId(), "WHATSAPP_BUSINESS_ACCOUNT_ID", "template syncs");
        String webhook = (environment.containsKey(VERIFY_TOKEN_VARIABLE) ? "verify token from $" + VERIFY_TOKEN_VARIABLE
                : "verify token " + server.verifyToken())
                + (environment.containsKey(APP_SECRET_VARIABLE) ? ", app secret from $" + APP_SECRET_VARIABLE
                : ", app secret " + server.appSecret());
        String steps = steps(server, environment).stream()
                .map(step -> "  # " + step.comment() + "\n" + step.lines().stream().map(line -> "  " + line)
                        .collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n"));
        return """

                wa-gateway is running: send-message, receive-webhook, upsert-contact, list-templates and manage-webhooks on %s
                  database:  %s
                  Graph API: %s
                  API key:   %s (every scope; kept in %s)
                  webhook:   %s
                  events:    to SQS on loopback (ElasticMQ), delivered by dispatch-events in this process;
                             quickstart receiver at %s
                  API reference (OpenAPI): %s/openapi/wa-gateway.yml (the whole API; one function's: /openapi/<function>.yml)

                Try it from another shell (the first line, then any of the others):
                  %s
                %s

                Stop with Ctrl-C; the data stays for the next run.
                """.formatted(server.url(), database, graph, server.apiKey(), apiKeyFile, webhook, server.receiverUrl(), server.url(),
                setup(server), steps);
    }

    /** A delivery as Meta sends it: one inbound text from {@link #PHONE} to the business number. */
    static String inboundText(String phoneNumberId) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + LocalServer.FAKE_BUSINESS_ACCOUNT_ID
                + "\",\"changes\":[{\"field\":\"messages\",\"value\":{\"messaging_product\":\"whatsapp\","
                + "\"metadata\":{\"display_phone_number\":\"15550783881\",\"phone_number_id\":\"" + phoneNumberId + "\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Ana\"},\"wa_id\":\"" + PHONE + "\"}],"
                + "\"messages\":[{\"from\":\"" + PHONE + "\",\"id\":\"wamid.LOCAL-QUICKSTART-1\",\"timestamp\":\"1767225600\","
                + "\"type\":\"text\",\"text\":{\"body\":\"Hi! Is my order on its way?\"}}]}}]}]}";
    }

    private static String missing(String value, String variable, String what) {
        return value == null ? "\n             " + variable + " is not set: " + what + " answer 503" : "";
    }

    private static String shellQuoted(String value) {
        return "'" + value.replace("'", "'\\''") + "'";
    }
}
