package dev.wagateway.automationapi;

import dev.wagateway.devdb.Sql;
import dev.wagateway.devdb.DatabaseCoordinates;
import dev.wagateway.devdb.FreshDatabase;
import dev.wagateway.lambdaevents.TwoWays;
import dev.wagateway.lambdaevents.TwoWays.Caller;
import dev.wagateway.lambdaevents.TwoWays.Reply;
import dev.wagateway.shared.apikey.ApiKeyService;
import dev.wagateway.shared.auth.Scopes;
import dev.wagateway.shared.lambda.ApiGatewayHandler;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The automation API, each case over HTTP and as a Lambda event. */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AutomationApiTest implements FreshDatabase {

    @Inject
    EmbeddedServer server;

    @Inject
    ApplicationContext context;

    @Inject
    ApiKeyService apiKeys;

    private String writer;
    private String reader;
    private Sql sql;

    @Override
    public void withDatabase(DatabaseCoordinates database, Map<String, String> properties) {
        sql = new Sql(database);
    }

    @BeforeAll
    void keys() {
        writer = "Bearer " + apiKeys.create("bot admin", List.of(Scopes.AUTOMATION_WRITE, Scopes.AUTOMATION_READ), 100_000, null).key();
        reader = "Bearer " + apiKeys.create("bot viewer", List.of(Scopes.AUTOMATION_READ), 100_000, null).key();
    }

    Stream<Caller> callers() {
        return Stream.of(TwoWays.http(server), TwoWays.lambda(new ApiGatewayHandler(context)));
    }

    private static Reply call(Caller caller, String key, String method, String path, String body) {
        Map<String, String> headers = body == null ? Map.of("Authorization", key) : Map.of("Authorization", key, "Content-Type", "application/json");
        return caller.call(method, path, headers, body);
    }

    @ParameterizedTest
    @MethodSource("callers")
    void rulesCreateReadReplaceDeleteWithTheirScopes(Caller caller) {
        String body = "{\"name\":\"prices\",\"trigger_type\":\"keyword\",\"trigger_value\":\"price, preço\",\"response_type\":\"text\","
                + "\"response_value\":\"See example.com/prices\",\"priority\":3}";
        assertEquals(403, call(caller, reader, "POST", "/v1/automation/rules", body).status(), "automation:read cannot write");
        Reply created = call(caller, writer, "POST", "/v1/automation/rules", body);
        assertEquals(201, created.status(), created.body());
        Object id = created.json().get("id");
        assertEquals(true, created.json().get("active"));
        assertEquals(3, created.json().get("priority"));
        assertNull(created.json().get("problem"));
        Reply one = call(caller, reader, "GET", "/v1/automation/rules/" + id, null);
        assertEquals(200, one.status(), one.body());
        Reply replaced = call(caller, writer, "PUT", "/v1/automation/rules/" + id, body.replace("\"priority\":3", "\"priority\":1,\"active\":false"));
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals(false, replaced.json().get("active"));
        assertTrue(call(caller, reader, "GET", "/v1/automation/rules?limit=100", null).body().contains("\"id\":" + id));
        assertEquals(204, call(caller, writer, "DELETE", "/v1/automation/rules/" + id, null).status());
        assertEquals(404, call(caller, reader, "GET", "/v1/automation/rules/" + id, null).status());
        assertEquals(404, call(caller, reader, "GET", "/v1/automation/rules/not-a-number", null).status());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void everyIdRouteAnswersNotFoundForAnIdThatNamesNoRowAndChangesNothing(Caller caller) {
        String rule = "{\"name\":\"r\",\"trigger_type\":\"any\",\"response_type\":\"text\",\"response_value\":\"x\"}";
        String rows = sql.queryValue("SELECT (SELECT count(*) FROM automation_rules) || '/' || (SELECT count(*) FROM flows)");
        for (String id : List.of("999999999", "0", "-3", "not-a-number", "99999999999999999999")) {
            for (String[] route : new String[][] {
                    {"GET", "/v1/automation/rules/" + id, null, reader}, {"PUT", "/v1/automation/rules/" + id, rule, writer},
                    {"DELETE", "/v1/automation/rules/" + id, null, writer}, {"GET", "/v1/flows/" + id, null, reader},
                    {"PUT", "/v1/flows/" + id, FLOW, writer}, {"DELETE", "/v1/flows/" + id, null, writer},
                    {"GET", "/v1/conversations/" + id, null, reader}, {"POST", "/v1/conversations/" + id + "/end", null, writer},
                    {"POST", "/v1/conversations/" + id + "/release", null, writer}}) {
                Reply reply = call(caller, route[3], route[0], route[1], route[2]);
                assertEquals(404, reply.status(), route[0] + " " + route[1] + " -> " + reply.body());
                assertEquals("application/problem+json", reply.header("Content-Type"), route[0] + " " + route[1]);
            }
        }
        assertEquals(rows, sql.queryValue("SELECT (SELECT count(*) FROM automation_rules) || '/' || (SELECT count(*) FROM flows)"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void rulesThatCannotRunAreRefusedBeforeAnythingIsWritten(Caller caller) {
        String count = sql.queryValue("SELECT count(*) FROM automation_rules");
        for (String body : List.of(
                "{\"name\":\"r\",\"trigger_type\":\"regex\",\"trigger_value\":\"(a)\\\\1\",\"response_type\":\"text\",\"response_value\":\"x\"}",
                "{\"name\":\"r\",\"trigger_type\":\"keyword\",\"trigger_value\":\" , \",\"response_type\":\"text\",\"response_value\":\"x\"}",
                "{\"name\":\"r\",\"trigger_type\":\"words\",\"response_type\":\"text\",\"response_value\":\"x\"}",
                "{\"name\":\"r\",\"trigger_type\":\"any\",\"response_type\":\"flow\",\"response_value\":\"999999\"}",
                "{\"name\":\"r\",\"trigger_type\":\"any\",\"response_type\":\"text\"}",
                "{\"name\":\"r\\u0000\",\"trigger_type\":\"any\",\"response_type\":\"text\",\"response_value\":\"x\"}",
                "[]", "{")) {
            Reply reply = call(caller, writer, "POST", "/v1/automation/rules", body);
            assertEquals(400, reply.status(), body + " -> " + reply.body());
            assertEquals("application/problem+json", reply.header("Content-Type"));
        }
        assertEquals(count, sql.queryValue("SELECT count(*) FROM automation_rules"));
    }

    private static final String FLOW = "{\"name\":\"signup\",\"trigger_keyword\":\"cadastro\",\"active\":true,\"nodes\":["
            + "{\"key\":\"ask\",\"type\":\"question\",\"config\":{\"text\":\"Your age?\",\"validation\":\"number\",\"variable\":\"age\"}},"
            + "{\"key\":\"hi\",\"type\":\"message\",\"config\":{\"text\":\"Hello {{name}}\",\"start\":true}},"
            + "{\"key\":\"done\",\"type\":\"end\"}],"
            + "\"edges\":[{\"source\":\"hi\",\"target\":\"ask\"},{\"source\":\"ask\",\"target\":\"done\"}]}";

    @ParameterizedTest
    @MethodSource("callers")
    void flowsWithTheirGraphsAndTheDryRun(Caller caller) {
        Reply created = call(caller, writer, "POST", "/v1/flows", FLOW);
        assertEquals(201, created.status(), created.body());
        Object id = created.json().get("id");
        assertEquals(3, ((List<?>) created.json().get("nodes")).size());
        assertEquals(List.of(), created.json().get("problems"));
        Reply tried = call(caller, reader, "POST", "/v1/automation/test", "{\"text\":\"quero o CADASTRO\",\"name\":\"Ana\"}");
        assertEquals(200, tried.status(), tried.body());
        assertEquals("flow", tried.json().get("trigger"));
        assertEquals(id, tried.json().get("flow_id"));
        assertEquals("[{kind=text, text=Hello Ana, template=null}, {kind=text, text=Your age?, template=null}]", tried.json().get("replies").toString());
        assertEquals(0, sql.queryValue("SELECT count(*) FROM messages").equals("0") ? 0 : 1, "nothing sent or written");
        Reply replaced = call(caller, writer, "PUT", "/v1/flows/" + id, FLOW.replace("\"active\":true", "\"active\":false"));
        assertEquals(200, replaced.status(), replaced.body());
        assertEquals("none", call(caller, reader, "POST", "/v1/automation/test", "{\"text\":\"cadastro\"}").json().get("trigger"),
                "an inactive flow starts nothing");
        assertEquals(204, call(caller, writer, "DELETE", "/v1/flows/" + id, null).status());
        assertEquals(404, call(caller, reader, "GET", "/v1/flows/" + id, null).status());
    }

    @ParameterizedTest
    @MethodSource("callers")
    void flowsThatCannotRunAreRefused(Caller caller) {
        String count = sql.queryValue("SELECT count(*) FROM flows");
        for (String body : List.of(FLOW.replace("\"target\":\"done\"", "\"target\":\"nowhere\""),
                FLOW.replace(",\"start\":true", "").replace("{\"source\":\"hi\",\"target\":\"ask\"},", "{\"source\":\"hi\",\"target\":\"ask\"},{\"source\":\"done\",\"target\":\"hi\"},"),
                FLOW.replace("\"type\":\"end\"", "\"type\":\"jump\""))) {
            Reply reply = call(caller, writer, "POST", "/v1/flows", body);
            assertEquals(400, reply.status(), body + " -> " + reply.body());
        }
        assertEquals(count, sql.queryValue("SELECT count(*) FROM flows"));
    }

    @ParameterizedTest
    @MethodSource("callers")
    void conversationsListEndAndRelease(Caller caller) {
        String phone = "+1650555" + (1000 + (int) (Math.random() * 8000));
        String active = sql.queryValue("INSERT INTO conversation_sessions (phone, status, current_node_key) VALUES ('" + phone
                + "', 'active', 'ask') RETURNING id");
        String handoff = sql.queryValue("INSERT INTO conversation_sessions (phone, status) VALUES ('" + phone + "', 'handoff') RETURNING id");
        Reply listed = call(caller, reader, "GET", "/v1/conversations?phone=%2B" + phone.substring(1) + "&status=handoff", null);
        assertEquals(200, listed.status(), listed.body());
        assertEquals(1, ((List<?>) listed.json().get("items")).size());
        Reply notHandedOff = call(caller, writer, "POST", "/v1/conversations/" + active + "/release", null);
        assertEquals(409, notHandedOff.status(), notHandedOff.body());
        Reply ended = call(caller, writer, "POST", "/v1/conversations/" + active + "/end", null);
        assertEquals(200, ended.status(), ended.body());
        assertEquals("completed", ended.json().get("status"));
        assertEquals("ended", ended.json().get("end_reason"));
        assertEquals(409, call(caller, writer, "POST", "/v1/conversations/" + active + "/end", null).status());
        Reply released = call(caller, writer, "POST", "/v1/conversations/" + handoff + "/release", null);
        assertEquals(200, released.status(), released.body());
        assertEquals("released", released.json().get("end_reason"));
        assertEquals("2", sql.queryValue("SELECT count(*) FROM events WHERE type = 'conversation.ended' AND conversation = '" + phone + "'"));
        assertEquals(404, call(caller, writer, "POST", "/v1/conversations/999999999/end", null).status());
        assertEquals(400, call(caller, reader, "GET", "/v1/conversations?status=open", null).status());
    }
}
