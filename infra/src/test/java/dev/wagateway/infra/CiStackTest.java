package dev.wagateway.infra;

import static dev.wagateway.infra.TemplateJson.getAtt;
import static dev.wagateway.infra.TemplateJson.joinParts;
import static dev.wagateway.infra.TemplateJson.list;
import static dev.wagateway.infra.TemplateJson.map;
import static dev.wagateway.infra.TemplateJson.ref;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;

/** The optional wa-gateway-ci stack: GitHub's OIDC provider and the deploy role of each environment. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CiStackTest {

    private CiStack created;
    private CiStack existingProvider;
    private TemplateJson template;

    @BeforeAll
    void synthesize() {
        NodeRuntime.require();
        App app = InfraApp.newApp();
        created = new CiStack(app, "wa-gateway-ci", StackProps.builder().build(),
                new CiStack.Props("acme/wa-gateway", null));
        existingProvider = new CiStack(app, "ci-existing", StackProps.builder().build(), new CiStack.Props(
                "acme/wa-gateway", "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"));
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
        template = new TemplateJson(Template.fromStack(created).toJSON());
    }

    @Test
    void theProviderTrustsGitHubsTokensForSts() {
        Map<String, Map<String, Object>> providers = template.ofType("AWS::IAM::OIDCProvider");
        assertEquals(1, providers.size());
        Map<String, Object> provider = providers.values().iterator().next();
        assertEquals("https://token.actions.githubusercontent.com", provider.get("Url"));
        assertEquals(List.of("sts.amazonaws.com"), provider.get("ClientIdList"));
        Template.fromStack(existingProvider).resourceCountIs("AWS::IAM::OIDCProvider", 0);
    }

    @Test
    void eachEnvironmentHasARoleOnlyItsDeployJobCanAssume() {
        String providerId = template.ofType("AWS::IAM::OIDCProvider").keySet().iterator().next();
        Map<String, Object> subjects = new TreeMap<>();
        for (Map<String, Object> role : template.ofType("AWS::IAM::Role").values()) {
            List<Object> statements = list(map(role.get("AssumeRolePolicyDocument")).get("Statement"));
            assertEquals(1, statements.size());
            Map<String, Object> trust = map(statements.get(0));
            assertEquals("sts:AssumeRoleWithWebIdentity", trust.get("Action"));
            assertEquals(providerId, ref(map(trust.get("Principal")).get("Federated")));
            Map<String, Object> equals = map(map(trust.get("Condition")).get("StringEquals"));
            assertEquals(Set.of("token.actions.githubusercontent.com:aud", "token.actions.githubusercontent.com:sub"),
                    equals.keySet(), "no wildcard condition, nothing but audience and subject");
            assertEquals("sts.amazonaws.com", equals.get("token.actions.githubusercontent.com:aud"));
            subjects.put((String) role.get("RoleName"), equals.get("token.actions.githubusercontent.com:sub"));
        }
        // The deploy job sets `environment:`, so GitHub's subject names the environment, not the branch.
        assertEquals(Map.of("wa-gateway-deploy-dev", "repo:acme/wa-gateway:environment:dev",
                "wa-gateway-deploy-prod", "repo:acme/wa-gateway:environment:prod"), subjects);
    }

    @Test
    void aDeployRoleMayOnlyAssumeTheCdkBootstrapRoles() {
        List<Map<String, Object>> statements = template.ofType("AWS::IAM::Policy").values().stream()
                .flatMap(policy -> list(map(policy.get("PolicyDocument")).get("Statement")).stream())
                .map(TemplateJson::map)
                .toList();
        assertEquals(2, statements.size(), statements.toString());
        for (Map<String, Object> statement : statements) {
            assertEquals("Allow", statement.get("Effect"));
            assertEquals("sts:AssumeRole", statement.get("Action"));
            List<String> arns = list(statement.get("Resource")).stream()
                    .map(resource -> joinParts(resource).stream()
                            .map(part -> part instanceof String text ? text : "<" + ref(part) + ">")
                            .reduce("", String::concat))
                    .toList();
            assertEquals(List.of("arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-*-deploy-role-<AWS::AccountId>-*",
                    "arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-*-file-publishing-role-<AWS::AccountId>-*",
                    "arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-*-lookup-role-<AWS::AccountId>-*"), arns);
        }
        for (String output : List.of("DeployRoleArnDev", "DeployRoleArnProd")) {
            Map<String, Object> value = map(map(map(template.raw().get("Outputs")).get(output)).get("Value"));
            assertEquals("AWS::IAM::Role", template.typeOf(getAtt(value, "Arn")));
        }
    }

    @Test
    void cdkNagFindsNothingAndTheOnlySuppressionIsTheBootstrapRolesWildcards() {
        assertEquals(List.of(), Annotations.fromStack(created).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(e -> e.getId() + ": " + e.getEntry().getData()).toList());
        template.resources().forEach((id, resource) -> {
            Object metadata = map(resource).get("Metadata");
            if (metadata != null && map(metadata).containsKey("cdk_nag")) {
                for (Object suppression : list(map(map(metadata).get("cdk_nag")).get("rules_to_suppress"))) {
                    assertEquals("AwsSolutions-IAM5", map(suppression).get("id"), id);
                    assertEquals(3, list(map(suppression).get("applies_to")).size(), id + ": only the three role ARNs");
                }
            }
        });
    }

    @Test
    void theRepositoryMustBeOwnerSlashRepo() {
        for (String bad : new String[] {null, "", "acme", "acme/wa-gateway/x", "acme/*", "repo:acme/x"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> new CiStack.Props(bad, null), String.valueOf(bad));
            assertTrue(refused.getMessage().contains("OWNER/REPO"), refused.getMessage());
        }
    }
}
