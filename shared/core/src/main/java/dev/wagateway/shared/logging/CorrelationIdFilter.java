package dev.wagateway.shared.logging;

import io.micronaut.context.propagation.slf4j.MdcPropagationContext;
import io.micronaut.core.propagation.MutablePropagatedContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.http.filter.ServerFilterPhase;
import io.micronaut.core.order.Ordered;
import org.slf4j.MDC;

import java.util.HashMap;
import java.util.Map;

/**
 * Gives every request a correlation id (the caller's {@code X-Correlation-Id}, or a new one), puts
 * it in the MDC of every thread that works on the request, and echoes it in the answer.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
public class CorrelationIdFilter implements Ordered {

    @RequestFilter
    public void assign(HttpRequest<?> request, MutablePropagatedContext propagatedContext) {
        String correlationId = CorrelationId.choose(request.getHeaders().get(CorrelationId.HEADER));
        request.setAttribute(CorrelationId.REQUEST_ATTRIBUTE, correlationId);
        Map<String, String> mdc = new HashMap<>();
        Map<String, String> inherited = MDC.getCopyOfContextMap();
        if (inherited != null) {
            mdc.putAll(inherited);
        }
        mdc.put(CorrelationId.MDC_KEY, correlationId);
        // Only through the propagated context: an MDC.put here would stay on this (event loop)
        // thread and label other requests' log lines.
        propagatedContext.add(new MdcPropagationContext(mdc));
    }

    @ResponseFilter
    public void echo(HttpRequest<?> request, MutableHttpResponse<?> response) {
        CorrelationId.of(request)
                .ifPresent(id -> response.getHeaders().set(CorrelationId.HEADER, id));
    }

    @Override
    public int getOrder() {
        return ServerFilterPhase.FIRST.order();
    }
}
