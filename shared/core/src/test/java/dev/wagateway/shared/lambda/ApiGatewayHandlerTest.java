package dev.wagateway.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.lambdaevents.LambdaEvents;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The same answers as over HTTP, through the Lambda handler with API Gateway HTTP API (payload v2) events. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiGatewayHandlerTest {

    private ApplicationContext context;
    private ApiGatewayHandler handler;
    private JsonMapper json;

    @BeforeAll
    void start() {
        context = ApplicationContext.run();
        handler = new ApiGatewayHandler(context);
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    void stop() {
        handler.close();
    }

    @Test
    void validationErrorsAreProblemJsonWithTheGatewayRequestIdAsCorrelationId() throws IOException {
        APIGatewayV2HTTPEvent event = event("POST", "/probe/orders", "{\"reference\":\"\",\"lines\":[]}", false,
                Map.of("Content-Type", "application/json"));
        APIGatewayV2HTTPResponse response = handler.handleRequest(event, lambdaContext());

        assertEquals(400, response.getStatusCode());
        assertEquals("application/problem+json", header(response, "Content-Type"));
        Map<String, Object> problem = json.readValue(body(response), Map.class);
        assertEquals("urn:wa-gateway:problem:validation-failed", problem.get("type"));
        assertEquals("reference", ((List<Map<String, Object>>) problem.get("errors")).getFirst().get("field"));
        assertEquals("gw-request-1", problem.get("correlation_id"));
        assertEquals("gw-request-1", header(response, "X-Correlation-Id"));
    }

    @Test
    void theControllerSeesTheLambdaRequestIdAndTheCallersCorrelationId() throws IOException {
        Context lambda = lambdaContext();
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                event("GET", "/probe/log", null, false, Map.of("X-Correlation-Id", "from-caller")), lambda);
        assertEquals(200, response.getStatusCode());
        Map<String, Object> seen = json.readValue(body(response), Map.class);
        assertEquals("from-caller", seen.get("correlationId"));
        assertEquals(lambda.getAwsRequestId(), seen.get("lambdaRequestId"));
    }

    @Test
    void anUnexpectedExceptionIsA500ThatShowsNothingOfItsCause() {
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("GET", "/probe/boom", null, false, Map.of()), lambdaContext());
        assertEquals(500, response.getStatusCode());
        assertTrue(body(response).contains("urn:wa-gateway:problem:internal-error"));
        assertFalse(body(response).contains("internal-detail-4711"));
    }

    @Test
    void plainAndBase64BodiesReachTheControllerByteForByte() {
        String text = "café 🎉 \\u00e9";
        int utf8Length = text.getBytes(StandardCharsets.UTF_8).length;
        // No charset in the Content-Type, and an Accept-Charset that cannot hold the text: the
        // case in which micronaut-aws alone would re-encode the body.
        Map<String, String> headers = Map.of("Content-Type", "text/plain", "Accept-Charset", "ISO-8859-1");

        APIGatewayV2HTTPResponse plain = handler.handleRequest(event("POST", "/probe/echo-bytes", text, false, headers), lambdaContext());
        assertEquals(utf8Length + ":" + text, body(plain));

        String encoded = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        APIGatewayV2HTTPResponse base64 = handler.handleRequest(event("POST", "/probe/echo-bytes", encoded, true, headers), lambdaContext());
        assertEquals(utf8Length + ":" + text, body(base64));
    }

    private static APIGatewayV2HTTPEvent event(String method, String path, String body, boolean base64, Map<String, String> headers) {
        APIGatewayV2HTTPEvent event = LambdaEvents.event(method, path, "", body, headers);
        event.getRequestContext().setRequestId("gw-request-1");
        event.setIsBase64Encoded(base64);
        return event;
    }

    private static Context lambdaContext() {
        return new MockLambdaContext() {
            @Override
            public String getAwsRequestId() {
                return "lambda-request-7";
            }
        };
    }

    private static String body(APIGatewayV2HTTPResponse response) {
        return LambdaEvents.body(response);
    }

    private static String header(APIGatewayV2HTTPResponse response, String name) {
        String value = LambdaEvents.header(response, name);
        return value == null ? null : value.split(";")[0].trim();
    }
}
