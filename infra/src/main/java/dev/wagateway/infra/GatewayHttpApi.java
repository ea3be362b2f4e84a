package dev.wagateway.infra;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.aws_apigatewayv2_integrations.HttpLambdaIntegration;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigatewayv2.AddRoutesOptions;
import software.amazon.awscdk.services.apigatewayv2.ApiMapping;
import software.amazon.awscdk.services.apigatewayv2.DomainName;
import software.amazon.awscdk.services.apigatewayv2.HttpApi;
import software.amazon.awscdk.services.apigatewayv2.HttpStage;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogDestination;
import software.amazon.awscdk.services.apigatewayv2.IAccessLogSettings;
import software.amazon.awscdk.services.apigatewayv2.LogGroupLogDestination;
import software.amazon.awscdk.services.apigatewayv2.SecurityPolicy;
import software.amazon.awscdk.services.apigatewayv2.ThrottleSettings;
import software.amazon.awscdk.services.certificatemanager.Certificate;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.LogGroup;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.constructs.Construct;

/**
 * The HTTP API: one stage with throttling and JSON access logs, and each {@link ApiRoute} integrated with
 * its function's alias. Paths no route matches get API Gateway's own 404.
 */
public final class GatewayHttpApi extends Construct {

    /** The namespace of the metrics counted from the access logs. */
    public static final String METRIC_NAMESPACE = "wa-gateway";

    /**
     * @param stage   name, throttling and log retention
     * @param routes  the routes and the function behind each
     * @param targets what each function's routes invoke (its alias "live")
     * @param domain  the API's own host name, or null for API Gateway's generated one
     */
    public record Props(StageConfig stage, List<ApiRoute> routes, Map<GatewayFunction, IFunction> targets,
                        CustomDomain domain) {
    }

    private final HttpApi api;
    private final HttpStage defaultStage;
    private final LogGroup accessLogs;
    private final CustomDomain domain;

    public GatewayHttpApi(Construct scope, String id, Props props) {
        super(scope, id);
        StageConfig stage = props.stage();
        // "Resource": the API is this construct's default child.
        api = HttpApi.Builder.create(this, "Resource")
                .apiName("wa-gateway-" + stage.name())
                .description("wa-gateway " + stage.name() + ": /v1 for client apps, /webhooks for Meta")
                .createDefaultStage(false)
                .build();
        accessLogs = LogGroup.Builder.create(this, "AccessLogs")
                .retention(Retention.of(stage.logRetentionDays()))
                .removalPolicy(stage.retainData() ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY)
                .build();
        defaultStage = HttpStage.Builder.create(this, "DefaultStage")
                .httpApi(api)
                .autoDeploy(true)
                .throttle(ThrottleSettings.builder()
                        .rateLimit(stage.apiRateLimit())
                        .burstLimit(stage.apiBurstLimit())
                        .build())
                .accessLogSettings(new AccessLogs(new LogGroupLogDestination(accessLogs)))
                .build();

        Map<GatewayFunction, HttpLambdaIntegration> integrations = new EnumMap<>(GatewayFunction.class);
        for (ApiRoute route : props.routes()) {
            IFunction target = props.targets().get(route.function());
            if (target == null) {
                throw new IllegalArgumentException("No target for " + route.function() + ", behind " + route.path());
            }
            HttpLambdaIntegration integration = integrations.computeIfAbsent(route.function(),
                    function -> new HttpLambdaIntegration(function.constructId() + "Integration", target));
            api.addRoutes(AddRoutesOptions.builder()
                    .path(route.path())
                    .methods(route.methods())
                    .integration(integration)
                    .build());
        }

        domain = props.domain();
        if (domain != null) {
            DomainName name = DomainName.Builder.create(this, "DomainName")
                    .domainName(domain.domainName())
                    .certificate(Certificate.fromCertificateArn(this, "Certificate", domain.certificateArn()))
                    .securityPolicy(SecurityPolicy.TLS_1_2)
                    .build();
            ApiMapping.Builder.create(this, "DomainMapping").api(api).domainName(name).stage(defaultStage).build();
            CfnOutput.Builder.create(Stack.of(this), "DomainTarget").value(name.getRegionalDomainName())
                    .description("Point " + domain.domainName() + " here (a CNAME, or an alias record)").build();
        }

        NagSuppressions.addResourceSuppressions(api, List.of(NagPackSuppression.builder()
                .id("AwsSolutions-APIG4")
                .reason("Authorization happens in the functions: /v1 routes check the caller's API key (hashed in "
                        + "PostgreSQL, with scopes and rate limits), and /webhooks/whatsapp checks Meta's "
                        + "X-Hub-Signature-256 HMAC over the raw body; API Gateway has no authorizer for either "
                        + "without an extra Lambda call per request.")
                .build()), true);
    }

    public HttpApi api() {
        return api;
    }

    /**
     * A count of the access log lines of one route whose status starts with {@code statusPrefix} (for example
     * "4"), as a metric of the namespace "wa-gateway": cheaper than the stage's detailed metrics for every route.
     */
    public IMetric routeStatusCount(String id, String routeKey, String statusPrefix) {
        MetricFilter filter = MetricFilter.Builder.create(this, id)
                .logGroup(accessLogs)
                .metricNamespace(METRIC_NAMESPACE)
                .metricName(id)
                .filterPattern(FilterPattern.all(
                        FilterPattern.stringValue("$.routeKey", "=", routeKey),
                        FilterPattern.stringValue("$.status", "=", statusPrefix + "*")))
                .metricValue("1")
                .defaultValue(0)
                .build();
        return filter.metric(MetricOptions.builder().period(Duration.minutes(5)).statistic("Sum").build());
    }

    /** The base URL of the API, ending in "/": the custom domain's when there is one. */
    public String url() {
        return domain == null ? defaultStage.getUrl() : domain.baseUrl();
    }

    /** API Gateway access log lines: one JSON object per request, no bodies and no headers. */
    private static final class AccessLogs implements IAccessLogSettings {
        private final IAccessLogDestination destination;

        AccessLogs(IAccessLogDestination destination) {
            this.destination = destination;
        }

        @Override
        public IAccessLogDestination getDestination() {
            return destination;
        }

        @Override
        public AccessLogFormat getFormat() {
            return AccessLogFormat.custom("{\"requestId\":\"$context.requestId\",\"ip\":\"$context.identity.sourceIp\","
                    + "\"requestTime\":\"$context.requestTime\",\"routeKey\":\"$context.routeKey\","
                    + "\"status\":\"$context.status\",\"protocol\":\"$context.protocol\","
                    + "\"responseLength\":\"$context.responseLength\",\"latencyMs\":\"$context.responseLatency\","
                    + "\"integrationLatencyMs\":\"$context.integrationLatency\","
                    + "\"integrationError\":\"$context.integrationErrorMessage\"}");
        }
    }
}
