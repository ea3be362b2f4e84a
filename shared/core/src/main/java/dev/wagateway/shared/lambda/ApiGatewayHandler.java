package dev.wagateway.shared.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import dev.wagateway.shared.logging.CorrelationId;
import io.micronaut.context.ApplicationContext;
import io.micronaut.function.aws.proxy.payload2.APIGatewayV2HTTPEventFunction;
import org.slf4j.MDC;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The Lambda handler of every function: the library's {@link APIGatewayV2HTTPEventFunction}, plus
 * API Gateway's request id as the default correlation id and byte-exact request bodies. (The
 * library itself puts the Lambda request id in the MDC as {@code AWSRequestId}.)
 *
 * <p>micronaut-aws routes on {@code requestContext.http.path}, which API Gateway has already
 * percent-decoded, and then decodes path variables again: a phone number written {@code %2B1555...}
 * arrives as {@code +1555...} and no route matches. The raw path, as a server would see it, goes in instead.
 *
 * <p>For a plain-text event whose Content-Type names no charset, micronaut-aws re-encodes the body
 * with the request's Accept-Charset, which can change non-ASCII bytes (and break signatures made
 * over them). Handing it base64 of the body's UTF-8 bytes instead keeps every byte as sent.
 */
public class ApiGatewayHandler extends APIGatewayV2HTTPEventFunction {

    public ApiGatewayHandler() {
        super();
    }

    public ApiGatewayHandler(ApplicationContext applicationContext) {
        super(applicationContext);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        if (event.getRequestContext() != null && event.getRequestContext().getRequestId() != null) {
            // The default correlation id when the caller sends none: API Gateway's own request id.
            MDC.put(CorrelationId.MDC_KEY, event.getRequestContext().getRequestId());
        }
        try {
            return super.handleRequest(asBase64Body(withRawPath(event)), context);
        } finally {
            // Nothing of this invocation may show up in the log lines of the next one.
            MDC.clear();
        }
    }

    static APIGatewayV2HTTPEvent withRawPath(APIGatewayV2HTTPEvent event) {
        if (event.getRawPath() != null && event.getRequestContext() != null && event.getRequestContext().getHttp() != null) {
            event.getRequestContext().getHttp().setPath(event.getRawPath());
        }
        return event;
    }

    static APIGatewayV2HTTPEvent asBase64Body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() != null && !event.getIsBase64Encoded()) {
            event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(StandardCharsets.UTF_8)));
            event.setIsBase64Encoded(true);
        }
        return event;
    }
}
