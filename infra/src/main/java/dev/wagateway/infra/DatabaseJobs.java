package dev.wagateway.infra;

import java.util.List;

import io.github.cdklabs.cdknag.NagPackSuppression;
import io.github.cdklabs.cdknag.NagSuppressions;
import io.github.cdklabs.cdknag.RegexAppliesTo;
import software.amazon.awscdk.CfnOutput;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.triggers.InvocationType;
import software.amazon.awscdk.triggers.Trigger;
import software.constructs.Construct;

/**
 * The two functions from the db-migrate jar that work over the database's own endpoint, in one long
 * session, around RDS Proxy: the migration that every deploy runs before the other functions change, and
 * the import that only the operator invokes.
 */
public final class DatabaseJobs extends Construct {

    /**
     * cdk-nag's finding for "every object of the import bucket", the one wildcard the import role holds. The
     * bucket's ARN is named by its logical id, or by the stateful stack's export once the reference is resolved.
     */
    static final String IMPORT_OBJECTS_FINDING = "/^Resource::(<ImportBucket[0-9A-F]{8}\\.Arn>"
            + "|[^:<>]+:ExportsOutputFnGetAttImportBucket[0-9A-F]{8}Arn[0-9A-F]{8})\\/\\*$/";

    private final GatewayLambda migrate;
    private final GatewayLambda importer;
    private final Trigger migration;

    public DatabaseJobs(Construct scope, String id, StageConfig stage, FunctionJars jars, StatefulResources stateful) {
        super(scope, id);
        DatabaseLogin master = new DatabaseLogin.MasterSecret(stateful.database().getDbInstanceEndpointAddress(),
                stateful.databaseSecret());
        migrate = new GatewayLambda(this, new GatewayLambda.Props(stage, GatewayFunction.DB_MIGRATE, jars,
                stateful.vpc(), stateful.migrationSecurityGroup(), master,
                stateful.whatsAppSecret(), false, null, null));
        // Runs whenever db-migrate's version changes, i.e. whenever its jar (which carries the migrations)
        // changes. A thrown migration fails the custom resource, so the deploy stops and rolls back before
        // any function that needs the new schema is updated.
        migration = Trigger.Builder.create(this, "MigrateOnDeploy")
                .handler(migrate.lambda())
                .invocationType(InvocationType.REQUEST_RESPONSE)
                .executeOnHandlerChange(true)
                .timeout(Duration.seconds(stage.size(GatewayFunction.DB_MIGRATE).timeoutSeconds() + 60L))
                .build();

        // No SnapStart: it runs rarely, and SnapStart allows no /tmp beyond 512 MB; SQLite needs the file in /tmp.
        importer = new GatewayLambda(this, new GatewayLambda.Props(stage, GatewayFunction.DB_IMPORT, jars,
                stateful.vpc(), stateful.migrationSecurityGroup(), master,
                stateful.whatsAppSecret(), false, null, null));
        importer.lambda().addEnvironment("IMPORT_BUCKET", stateful.importBucket().getBucketName());
        // Read only, and nothing but the objects: no writes, no deletes, no other bucket.
        importer.lambda().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:GetObject"))
                .resources(List.of(stateful.importBucket().arnForObjects("*")))
                .build());
        // Listing lets a missing key read as NoSuchKey instead of AccessDenied.
        importer.lambda().addToRolePolicy(PolicyStatement.Builder.create()
                .actions(List.of("s3:ListBucket"))
                .resources(List.of(stateful.importBucket().getBucketArn()))
                .build());
        NagSuppressions.addResourceSuppressions(importer.role(), List.of(NagPackSuppression.builder()
                .id("AwsSolutions-IAM5")
                .reason("The import reads whichever legacy file the operator uploaded, so s3:GetObject covers the "
                        + "objects of the import bucket, and only of that bucket.")
                .appliesTo(List.of(RegexAppliesTo.builder().regex(IMPORT_OBJECTS_FINDING).build()))
                .build()), true);
        CfnOutput.Builder.create(Stack.of(this), "ImportFunctionName").value(importer.lambda().getFunctionName())
                .description("Invoke with {\"key\": \"<file in the import bucket>\"} to import a legacy SQLite file")
                .build();
    }

    /** Makes the constructs wait for the migration of this deploy. */
    public void runBefore(List<? extends Construct> constructs) {
        migration.executeBefore(constructs.toArray(Construct[]::new));
    }

    public GatewayLambda migrate() {
        return migrate;
    }

    public GatewayLambda importer() {
        return importer;
    }

    public Trigger migration() {
        return migration;
    }
}
