package dev.wagateway.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.MockLambdaContext;
import org.junit.jupiter.api.Test;

import java.util.HashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;

class CurrentLambdaContextFactoryTest {

    @Test
    void invocationsDoNotGrowTheBeanRegistryAndTheContextBeanIsTheCurrentOne() {
        try (ApplicationContext context = ApplicationContext.run()) {
            ApiGatewayHandler handler = new ApiGatewayHandler(context);
            handler.handleRequest(event(), invocation("first"));
            int definitions = context.getAllBeanDefinitions().size();
            for (int i = 0; i < 200; i++) {
                handler.handleRequest(event(), invocation("call-" + i));
            }
            assertEquals(definitions, context.getAllBeanDefinitions().size(), "no new bean definitions per invocation");
            assertEquals("call-199", context.getBean(Context.class).getAwsRequestId());
        }
    }

    private static Context invocation(String requestId) {
        return new MockLambdaContext() {
            @Override
            public String getAwsRequestId() {
                return requestId;
            }
        };
    }

    private static APIGatewayV2HTTPEvent event() {
        APIGatewayV2HTTPEvent.RequestContext.Http http = new APIGatewayV2HTTPEvent.RequestContext.Http();
        http.setMethod("GET");
        http.setPath("/nowhere");
        APIGatewayV2HTTPEvent.RequestContext requestContext = new APIGatewayV2HTTPEvent.RequestContext();
        requestContext.setHttp(http);
        requestContext.setRequestId("gw");
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(requestContext);
        event.setRawPath("/nowhere");
        event.setRawQueryString("");
        event.setHeaders(new HashMap<>());
        return event;
    }
}
