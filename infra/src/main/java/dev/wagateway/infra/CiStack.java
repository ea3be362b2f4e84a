package dev.wagateway.infra;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.StackProps;
import software.amazon.awscdk.services.iam.IOidcProvider;
import software.amazon.awscdk.services.iam.OidcProviderNative;
import software.amazon.awscdk.services.iam.OpenIdConnectPrincipal;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.constructs.Construct;

/**
 * {@code wa-gateway-ci}, deployed once per account by hand (never by CI, which it lets in): GitHub's OIDC
 * provider and one deploy role per environment. The workflow's deploy job names a GitHub environment, so
 * the token's subject is {@code repo:OWNER/REPO:environment:STAGE}, and only that job of that repository
 * for that environment may assume the stage's role. A role may do nothing but assume the CDK bootstrap
 * roles, which do the deploy.
 */
public final class CiStack extends Stack {

    public static final String GITHUB_ISSUER = "token.actions.githubusercontent.com";
    public static final String AUDIENCE = "sts.amazonaws.com";
    /** The stages the workflow deploys, each a GitHub environment of the same name. */
    public static final List<String> ENVIRONMENTS = List.of("dev", "prod");
    /** The CDK bootstrap roles a deploy assumes: deploy (CloudFormation), file publishing (assets), lookup. */
    static final List<String> BOOTSTRAP_ROLES = List.of("deploy", "file-publishing", "lookup");
    private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

    /**
     * @param repository      GitHub's OWNER/REPO
     * @param oidcProviderArn the account's GitHub OIDC provider when it already has one (an account holds one
     *                        per issuer), or null to create it here
     */
    public record Props(String repository, String oidcProviderArn) {
        public Props {
            if (repository == null || !REPOSITORY.matcher(repository).matches()) {
                throw new IllegalArgumentException("githubRepository must be OWNER/REPO (got " + repository + ")");
            }
        }
    }

    public CiStack(Construct scope, String id, StackProps stackProps, Props props) {
        super(scope, id, stackProps);
        IOidcProvider github = props.oidcProviderArn() == null
                ? OidcProviderNative.Builder.create(this, "GitHubOidc")
                        .url("https://" + GITHUB_ISSUER)
                        .clientIds(List.of(AUDIENCE))
                        .build()
                : OidcProviderNative.fromOidcProviderArn(this, "GitHubOidc", props.oidcProviderArn());
        for (String environment : ENVIRONMENTS) {
            Role role = Role.Builder.create(this, "DeployRole-" + environment)
                    .roleName("wa-gateway-deploy-" + environment)
                    .description("GitHub Actions of " + props.repository() + ", environment " + environment
                            + ": cdk deploy through the CDK bootstrap roles")
                    .maxSessionDuration(Duration.hours(1))
                    .assumedBy(new OpenIdConnectPrincipal(github, Map.of("StringEquals", Map.of(
                            GITHUB_ISSUER + ":aud", AUDIENCE,
                            GITHUB_ISSUER + ":sub", subject(props.repository(), environment)))))
                    .build();
            role.addToPrincipalPolicy(PolicyStatement.Builder.create()
                    .actions(List.of("sts:AssumeRole"))
                    .resources(BOOTSTRAP_ROLES.stream()
                            .map(kind -> "arn:" + getPartition() + ":iam::" + getAccount() + ":role/cdk-*-" + kind + "-role-"
                                    + getAccount() + "-*")
                            .toList())
                    .build());
            NagSuppressions.addResourceSuppressions(role, List.of(NagPackSuppression.builder()
                    .id("AwsSolutions-IAM5")
                    .reason("The CDK bootstrap roles are named cdk-<qualifier>-<kind>-role-<account>-<region>: the "
                            + "qualifier and region are wildcards, the account and the three kinds a deploy needs are not.")
                    .appliesTo(BOOTSTRAP_ROLES.stream()
                            .map(kind -> "Resource::arn:<AWS::Partition>:iam::<AWS::AccountId>:role/cdk-*-" + kind
                                    + "-role-<AWS::AccountId>-*")
                            .toList())
                    .build()), true);
            CfnOutput.Builder.create(this, "DeployRoleArn" + Character.toUpperCase(environment.charAt(0))
                            + environment.substring(1))
                    .value(role.getRoleArn())
                    .description("AWS_DEPLOY_ROLE_ARN of the GitHub environment " + environment)
                    .build();
        }
    }

    /** The subject of GitHub's token for a job that names a GitHub environment. */
    public static String subject(String repository, String environment) {
        return "repo:" + repository + ":environment:" + environment;
    }
}
