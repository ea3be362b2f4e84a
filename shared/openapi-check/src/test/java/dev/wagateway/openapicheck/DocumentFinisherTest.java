package dev.wagateway.openapicheck;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rules DocumentFinisher applies to a generated document, on a small one written as the generator writes. */
class DocumentFinisherTest {

    private static final String GENERATED = """
            openapi: 3.0.1
            info: {title: t (f), version: "1.0", description: d}
            paths:
              /v1/things:
                post:
                  operationId: createThing
                  parameters:
                  - {name: Idempotency-Key, in: header, schema: {type: string}}
                  requestBody:
                    content:
                      application/json:
                        schema: {$ref: "#/components/schemas/Thing"}
                  responses:
                    "201":
                      description: made
                      content:
                        application/json:
                          schema: {$ref: "#/components/schemas/Thing"}
                    "401":
                      description: No valid API key (`unauthorized`)
                      content:
                        application/problem+json:
                          schema: {$ref: "#/components/schemas/Problem"}
                  security:
                  - api_key: []
              /hook:
                post:
                  operationId: hook
                  requestBody:
                    content:
                      application/json:
                        schema: {type: string}
                  responses:
                    "200": {description: ok}
            components:
              schemas:
                Thing:
                  required: [kind]
                  type: object
                  properties:
                    kind: {type: string, pattern: "a|b-c|d_e"}
                    code: {type: string, pattern: "[0-9]{1,32}"}
                    extra: {type: object, additionalProperties: {type: object}}
                    child: {nullable: true, allOf: [{$ref: "#/components/schemas/Thing"}]}
                Problem:
                  required: [type, title, status]
                  type: object
                  properties:
                    type: {type: string, format: uri}
                    title: {type: string}
                    status: {type: integer, format: int32}
            """;

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> root, String... keys) {
        Object node = root;
        for (String key : keys) {
            node = ((Map<String, Object>) node).get(key);
        }
        return (Map<String, Object>) node;
    }

    private static Map<String, Object> finished() {
        return DocumentFinisher.finish(new Yaml().load(GENERATED), "f");
    }

    @Test
    void patternsMatchTheWholeValueAndWordListsAreEnums() {
        Map<String, Object> thing = at(finished(), "components", "schemas", "Thing", "properties");
        assertEquals(List.of("a", "b-c", "d_e"), at(thing, "kind").get("enum"));
        assertFalse(at(thing, "kind").containsKey("pattern"));
        assertEquals("^(?:[0-9]{1,32})$", at(thing, "code").get("pattern"));
        assertEquals(Map.of(), at(thing, "extra").get("additionalProperties"), "a Map<String, Object> takes any value");
        assertEquals("object", at(thing, "child").get("type"), "nullable beside allOf needs a type");
    }

    @Test
    void everyAnswerDeclaresItsHeadersAndTheStatusesEveryRouteMayGive() {
        Map<String, Object> root = finished();
        Map<String, Object> responses = at(root, "paths", "/v1/things", "post", "responses");
        assertEquals(Set.of("201", "400", "401", "413", "415", "500"), responses.keySet(),
                "400: every /v1 route refuses a query parameter or path segment that cannot be stored");
        assertEquals(Set.of("X-Correlation-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Idempotent-Replayed"),
                at(responses, "201", "headers").keySet());
        assertEquals(Set.of("X-Correlation-Id", "WWW-Authenticate"), at(responses, "401", "headers").keySet());
        assertEquals("urn:wa-gateway:problem:unauthorized",
                at(responses, "401", "content", "application/problem+json", "example").get("type"));
        Map<String, Object> hook = at(root, "paths", "/hook", "post", "responses");
        assertEquals(Set.of("200", "413", "500"), hook.keySet(), "the webhook reads any content type: no 415; not /v1: no 400");
        assertEquals(List.of(), at(root, "paths", "/hook", "post").get("security"), "no API key, and it says so");
        assertTrue(at(root, "components", "headers").containsKey("WWW-Authenticate"));
    }

    @Test
    void requestsAndAnswersGetExamplesThatFollowTheirSchemas() {
        Map<String, Object> root = finished();
        Map<String, Object> request = at(root, "paths", "/v1/things", "post", "requestBody", "content", "application/json");
        Map<String, Object> example = at(request, "example");
        assertEquals("a", example.get("kind"));
        assertEquals("106540352242922", example.get("code"));
        assertFalse(example.containsKey("child"), "a request example sends no optional nullable member");
        Map<String, Object> answer = at(root, "paths", "/v1/things", "post", "responses", "201", "content", "application/json", "example");
        assertEquals(Map.of("order", "1234"), answer.get("extra"));
    }

    @Test
    void aPatternWithoutAnExampleStopsTheBuild() {
        Map<String, Object> root = new Yaml().load(GENERATED.replace("[0-9]{1,32}", "[A-Z]{3}"));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> DocumentFinisher.finish(root, "f"));
        assertTrue(e.getMessage().contains("@Schema(example"), e.getMessage());
    }
}
