package dev.wagateway.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import io.github.cdklabs.cdknag.ServerlessChecks;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.Tags;

/**
 * The CDK app: {@code cdk synth|deploy -c stage=dev|prod} in infra/ (see cdk.json). Context:
 * {@code stage} (default dev), {@code natGateways} (default 1), {@code alarmEmail} (optional),
 * {@code secretsRevision} (optional: change it after editing a secret so the functions re-read it),
 * {@code githubRepository} (OWNER/REPO: adds the stack wa-gateway-ci, see {@link CiStack}) and
 * {@code githubOidcProviderArn} (the account's GitHub OIDC provider, when it has one already),
 * {@code domainName} and {@code certificateArn} (the API's own host name, see {@link CustomDomain}).
 */
public final class InfraApp {

    /**
     * Where infra/cdk.json departs from the CDK version's recommended feature flags, and why. Strong references
     * between the stacks (Fn::ImportValue) make CloudFormation refuse a stateful update that would drop or change
     * an output the stateless stack still uses; "weak" (Fn::GetStackOutput) would let it.
     */
    static final Map<String, Object> DELIBERATE_FLAGS = Map.of("@aws-cdk/core:defaultCrossStackReferences", "strong");

    public record Stacks(StatefulStack stateful, StatelessStack stateless) {
    }

    private InfraApp() {
    }

    public static void main(String[] args) {
        NodeRuntime.require();
        App app = newApp();
        StageConfig stage = StageConfig.named(context(app, "stage", "dev"));
        String nat = context(app, "natGateways", null);
        if (nat != null) {
            stage = stage.withNatGateways(Integer.parseInt(nat));
        }
        String account = System.getenv("CDK_DEFAULT_ACCOUNT");
        String region = System.getenv("CDK_DEFAULT_REGION");
        Environment environment = account == null || region == null
                ? null
                : Environment.builder().account(account).region(region).build();
        build(app, stage, FunctionJars.ofThisRepository(), environment, context(app, "alarmEmail", null),
                context(app, "secretsRevision", null),
                CustomDomain.of(context(app, "domainName", null), context(app, "certificateArn", null)));
        String githubRepository = context(app, "githubRepository", null);
        if (githubRepository != null) {
            StackProps.Builder ci = StackProps.builder()
                    .description("wa-gateway CI: GitHub's OIDC provider and one deploy role per environment");
            if (environment != null) {
                ci.env(environment);
            }
            new CiStack(app, "wa-gateway-ci", ci.build(),
                    new CiStack.Props(githubRepository, context(app, "githubOidcProviderArn", null)));
        }
        app.synth();
    }

    /**
     * An app with the context of infra/cdk.json (the CDK version's recommended feature flags), so that the tests
     * synthesize what {@code cdk deploy} does; the CDK CLI passes the same file's context, and -c, over it.
     */
    public static App newApp() {
        return new App(AppProps.builder().context(cdkJsonContext(FunctionJars.ofThisRepository().repositoryRoot())).build());
    }

    /** The "context" object of infra/cdk.json under the repository root. */
    static Map<String, Object> cdkJsonContext(Path repositoryRoot) {
        Path cdkJson = repositoryRoot.resolve("infra").resolve("cdk.json");
        try {
            JsonNode context = new ObjectMapper().readTree(cdkJson.toFile()).path("context");
            if (!context.isObject()) {
                throw new IllegalStateException(cdkJson + " has no \"context\" object");
            }
            return new ObjectMapper().convertValue(context, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + cdkJson, e);
        }
    }

    /**
     * Adds both stacks of a stage to the app, with cdk-nag's AwsSolutions and Serverless checks, whose errors fail the
     * synth output as annotations.
     */
    public static Stacks build(App app, StageConfig stage, FunctionJars jars, Environment environment,
                               String alarmEmail, String secretsRevision, CustomDomain domain) {
        String prefix = "wa-gateway-" + stage.name();
        StackProps.Builder stateful = StackProps.builder()
                .description("wa-gateway " + stage.name() + ": network, PostgreSQL, RDS Proxy, secrets, alarm topic, import bucket");
        StackProps.Builder stateless = StackProps.builder()
                .description("wa-gateway " + stage.name() + ": functions, HTTP API, migrations, import, schedule, alarms");
        if (environment != null) {
            stateful.env(environment);
            stateless.env(environment);
        }
        StatefulStack data = new StatefulStack(app, prefix + "-stateful", stateful.build(),
                new StatefulStack.Props(stage, alarmEmail));
        StatelessStack compute = new StatelessStack(app, prefix + "-stateless", stateless.build(),
                new StatelessStack.Props(stage, jars, data.resources(), secretsRevision, domain));
        compute.addStackDependency(data);

        Tags.of(app).add("project", "wa-gateway");
        Tags.of(app).add("stage", stage.name());
        Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).build()));
        Aspects.of(app).add(new ServerlessChecks(NagPackProps.builder().verbose(true).build()));
        return new Stacks(data, compute);
    }

    private static String context(App app, String key, String fallback) {
        Object value = app.getNode().tryGetContext(key);
        return value == null ? fallback : value.toString();
    }
}
