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
            return super.handleRequest(multipartAsBytes(asBase64Body(withRawPath(event))), context);
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

    /**
     * A {@code multipart/form-data} body as plain bytes: micronaut-aws's servlet request decodes a form's body as a
     * query string (micronaut-aws issue #270), so the controller would get nothing. The body goes on as
     * {@code application/octet-stream} and its real type in {@link #MULTIPART_CONTENT_TYPE}, which the controllers that
     * take forms read (as they do over the local server, where the header is the type itself).
     */
    static APIGatewayV2HTTPEvent multipartAsBytes(APIGatewayV2HTTPEvent event) {
        if (event.getHeaders() == null) {
            return event;
        }
        java.util.Map<String, String> headers = new java.util.LinkedHashMap<>();
        String multipart = null;
        for (java.util.Map.Entry<String, String> header : event.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase("content-type") && header.getValue() != null
                    && header.getValue().strip().toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")) {
                multipart = header.getValue();
            } else if (!header.getKey().equalsIgnoreCase(MULTIPART_CONTENT_TYPE)) {
                headers.put(header.getKey(), header.getValue());
            }
        }
        if (multipart == null) {
            return event;
        }
        headers.put("content-type", "application/octet-stream");
        headers.put(MULTIPART_CONTENT_TYPE, multipart);
        event.setHeaders(headers);
        return event;
    }

    /** Where {@link #multipartAsBytes} keeps a form's Content-Type (with its boundary). */
    public static final String MULTIPART_CONTENT_TYPE = "x-wa-gateway-multipart-content-type";

    static APIGatewayV2HTTPEvent asBase64Body(APIGatewayV2HTTPEvent event) {
        if (event.getBody() != null && !event.getIsBase64Encoded()) {
            event.setBody(Base64.getEncoder().encodeToString(event.getBody().getBytes(StandardCharsets.UTF_8)));
            event.setIsBase64Encoded(true);
        }
        return event;
    }
}
