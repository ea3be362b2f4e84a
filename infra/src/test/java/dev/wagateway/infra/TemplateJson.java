package dev.wagateway.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A synthesized CloudFormation template as plain maps, with the few walks the tests need. */
final class TemplateJson {

    private final Map<String, Object> template;

    TemplateJson(Map<String, Object> template) {
        this.template = template;
    }

    Map<String, Object> raw() {
        return template;
    }

    Map<String, Object> resources() {
        return map(template.get("Resources"));
    }

    Map<String, Object> resource(String logicalId) {
        Object resource = resources().get(logicalId);
        assertNotNull(resource, "no resource " + logicalId);
        return map(resource);
    }

    Map<String, Object> properties(String logicalId) {
        return map(resource(logicalId).get("Properties"));
    }

    /** Logical id -> properties of every resource of the type. */
    Map<String, Map<String, Object>> ofType(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        resources().forEach((id, resource) -> {
            Map<String, Object> r = map(resource);
            if (type.equals(r.get("Type"))) {
                found.put(id, r.get("Properties") == null ? Map.of() : map(r.get("Properties")));
            }
        });
        return found;
    }

    String typeOf(String logicalId) {
        return (String) resource(logicalId).get("Type");
    }

    List<String> dependsOn(String logicalId) {
        Object dependsOn = resource(logicalId).get("DependsOn");
        return dependsOn == null ? List.of() : list(dependsOn).stream().map(String.class::cast).toList();
    }

    /**
     * Each API Gateway route key (for example "GET /v1/messages") and the logical id of the function behind
     * it, checking that every route is a Lambda proxy integration (payload 2.0) of the function's alias.
     */
    Map<String, String> routeTargets() {
        Map<String, String> targets = new java.util.TreeMap<>();
        ofType("AWS::ApiGatewayV2::Route").forEach((id, route) -> {
            List<Object> target = joinParts(route.get("Target"));
            assertEquals("integrations/", target.get(0));
            Map<String, Object> integration = properties(ref(target.get(1)));
            assertEquals("AWS_PROXY", integration.get("IntegrationType"));
            assertEquals("2.0", integration.get("PayloadFormatVersion"));
            String aliasId = ref(integration.get("IntegrationUri"));
            assertEquals("AWS::Lambda::Alias", typeOf(aliasId), "routes must target the alias");
            targets.put((String) route.get("RouteKey"), ref(properties(aliasId).get("FunctionName")));
        });
        return targets;
    }

    /** The logical id in {"Ref": id}. */
    static String ref(Object value) {
        Map<String, Object> ref = map(value);
        assertTrue(ref.containsKey("Ref"), "not a Ref: " + value);
        return (String) ref.get("Ref");
    }

    /** The logical id in {"Fn::GetAtt": [id, attribute]}, checking the attribute. */
    static String getAtt(Object value, String attribute) {
        List<Object> getAtt = list(map(value).get("Fn::GetAtt"));
        assertEquals(attribute, getAtt.get(1), "attribute of " + value);
        return (String) getAtt.get(0);
    }

    /** The export name in {"Fn::ImportValue": name}. */
    static String importValue(Object value) {
        Map<String, Object> imported = map(value);
        assertTrue(imported.containsKey("Fn::ImportValue"), "not an import: " + value);
        return (String) imported.get("Fn::ImportValue");
    }

    /** The parts of {"Fn::Join": ["", parts]}. */
    static List<Object> joinParts(Object value) {
        List<Object> join = list(map(value).get("Fn::Join"));
        assertEquals("", join.get(0));
        return list(join.get(1));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        assertTrue(value instanceof Map, "not an object: " + value);
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        assertTrue(value instanceof List, "not an array: " + value);
        return (List<Object>) value;
    }
}
