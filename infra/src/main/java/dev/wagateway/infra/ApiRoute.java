package dev.wagateway.infra;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import software.amazon.awscdk.services.apigatewayv2.HttpMethod;

/** One path of the HTTP API, the methods it accepts and the function behind it. */
public record ApiRoute(String path, List<HttpMethod> methods, GatewayFunction function) {

    public static final List<ApiRoute> ALL = List.of(
            new ApiRoute("/v1/messages", List.of(HttpMethod.GET, HttpMethod.POST), GatewayFunction.SEND_MESSAGE),
            new ApiRoute("/v1/messages/{id}", List.of(HttpMethod.GET), GatewayFunction.SEND_MESSAGE),
            new ApiRoute("/v1/messages/{id}/read", List.of(HttpMethod.POST), GatewayFunction.SEND_MESSAGE),
            new ApiRoute("/v1/stats/messages", List.of(HttpMethod.GET), GatewayFunction.SEND_MESSAGE),
            new ApiRoute("/v1/contacts", List.of(HttpMethod.GET), GatewayFunction.UPSERT_CONTACT),
            new ApiRoute("/v1/contacts/{ref}", List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE),
                    GatewayFunction.UPSERT_CONTACT),
            new ApiRoute("/v1/templates", List.of(HttpMethod.GET, HttpMethod.POST), GatewayFunction.LIST_TEMPLATES),
            new ApiRoute("/v1/templates/{name}", List.of(HttpMethod.DELETE), GatewayFunction.LIST_TEMPLATES),
            new ApiRoute("/v1/templates/sync", List.of(HttpMethod.POST), GatewayFunction.LIST_TEMPLATES),
            new ApiRoute("/webhooks/whatsapp", List.of(HttpMethod.GET, HttpMethod.POST), GatewayFunction.RECEIVE_WEBHOOK),
            new ApiRoute("/v1/webhooks", List.of(HttpMethod.GET, HttpMethod.POST), GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/webhooks/{id}", List.of(HttpMethod.GET, HttpMethod.PATCH, HttpMethod.DELETE),
                    GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/webhooks/{id}/secret", List.of(HttpMethod.POST), GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/webhooks/{id}/test", List.of(HttpMethod.POST), GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/webhooks/{id}/deliveries", List.of(HttpMethod.GET), GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/webhooks/{id}/replay", List.of(HttpMethod.POST), GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/events", List.of(HttpMethod.GET), GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/events/{id}", List.of(HttpMethod.GET), GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/events/{id}/redeliver", List.of(HttpMethod.POST), GatewayFunction.MANAGE_WEBHOOKS),
            new ApiRoute("/v1/automation/rules", List.of(HttpMethod.GET, HttpMethod.POST), GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/automation/rules/{id}", List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE),
                    GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/automation/test", List.of(HttpMethod.POST), GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/flows", List.of(HttpMethod.GET, HttpMethod.POST), GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/flows/{id}", List.of(HttpMethod.GET, HttpMethod.PUT, HttpMethod.DELETE),
                    GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/conversations", List.of(HttpMethod.GET), GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/conversations/{id}", List.of(HttpMethod.GET), GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/conversations/{id}/end", List.of(HttpMethod.POST), GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/conversations/{id}/release", List.of(HttpMethod.POST), GatewayFunction.MANAGE_AUTOMATION),
            new ApiRoute("/v1/media", List.of(HttpMethod.POST), GatewayFunction.MEDIA),
            new ApiRoute("/v1/media/{id}", List.of(HttpMethod.GET, HttpMethod.DELETE), GatewayFunction.MEDIA),
            new ApiRoute("/v1/media/{id}/info", List.of(HttpMethod.GET), GatewayFunction.MEDIA));

    /** The functions behind the routes. */
    public static Set<GatewayFunction> functions() {
        return ALL.stream().map(ApiRoute::function)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(GatewayFunction.class)));
    }

    /** API Gateway's route keys, e.g. "GET /v1/messages". */
    public List<String> routeKeys() {
        return methods.stream().map(method -> method + " " + path).toList();
    }
}
