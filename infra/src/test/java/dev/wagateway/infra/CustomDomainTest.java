package dev.wagateway.infra;

import static dev.wagateway.infra.TemplateJson.map;
import static dev.wagateway.infra.TemplateJson.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.IFunction;

/** The optional custom domain of the HTTP API: Meta's webhook URL survives a replaced API. */
class CustomDomainTest {

    private static final String CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b";

    @Test
    void theApiAnswersOnItsOwnNameWithTls12AndTheOutputsSaySo() {
        TemplateJson template = synthesize(new CustomDomain("api.example.com", CERTIFICATE));
        Map<String, Object> domain = template.ofType("AWS::ApiGatewayV2::DomainName").values().iterator().next();
        assertEquals("api.example.com", domain.get("DomainName"));
        Map<String, Object> configuration = map(((java.util.List<?>) domain.get("DomainNameConfigurations")).get(0));
        assertEquals(CERTIFICATE, configuration.get("CertificateArn"));
        assertEquals("TLS_1_2", configuration.get("SecurityPolicy"));
        Map<String, Object> mapping = template.ofType("AWS::ApiGatewayV2::ApiMapping").values().iterator().next();
        assertEquals(template.ofType("AWS::ApiGatewayV2::Stage").values().iterator().next().get("StageName"),
                mapping.get("Stage"));
        assertEquals(template.ofType("AWS::ApiGatewayV2::Api").keySet().iterator().next(), ref(mapping.get("ApiId")));
        Map<String, Object> outputs = map(template.raw().get("Outputs"));
        assertEquals("https://api.example.com/webhooks/whatsapp", map(outputs.get("WebhookOut")).get("Value"));
        assertTrue(outputs.containsKey("DomainTarget"), outputs.keySet().toString());
    }

    @Test
    void withoutADomainNothingChanges() {
        TemplateJson template = synthesize(null);
        assertEquals(Map.of(), template.ofType("AWS::ApiGatewayV2::DomainName"));
        assertNull(map(template.raw().get("Outputs")).get("DomainTarget"));
    }

    @Test
    void aNameNeedsItsCertificateAndBothMustLookRight() {
        assertNull(CustomDomain.of(null, null));
        for (String[] bad : new String[][] {{"api.example.com", null}, {null, CERTIFICATE}, {"API.example.com", CERTIFICATE},
                {"https://api.example.com", CERTIFICATE}, {"api.example.com", "arn:aws:iam::123456789012:role/x"}}) {
            assertThrows(IllegalArgumentException.class, () -> CustomDomain.of(bad[0], bad[1]), String.join(" ", String.valueOf(bad[0]), String.valueOf(bad[1])));
        }
    }

    /** The API construct alone, in front of imported functions: no jars, no database. */
    private static TemplateJson synthesize(CustomDomain domain) {
        NodeRuntime.require();
        App app = InfraApp.newApp();
        Stack stack = new Stack(app, "api-only");
        Map<GatewayFunction, IFunction> targets = new EnumMap<>(GatewayFunction.class);
        for (GatewayFunction function : ApiRoute.functions()) {
            targets.put(function, Function.fromFunctionArn(stack, function.constructId(),
                    "arn:aws:lambda:eu-west-1:123456789012:function:" + function.module() + ":live"));
        }
        GatewayHttpApi api = new GatewayHttpApi(stack, "HttpApi",
                new GatewayHttpApi.Props(StageConfig.dev(), ApiRoute.ALL, targets, domain));
        software.amazon.awscdk.CfnOutput.Builder.create(stack, "WebhookOut").value(api.url() + "webhooks/whatsapp").build();
        return new TemplateJson(Template.fromStack(stack).toJSON());
    }
}
