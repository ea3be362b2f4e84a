package dev.wagateway.infra;

import static dev.wagateway.infra.TemplateJson.joinParts;
import static dev.wagateway.infra.TemplateJson.list;
import static dev.wagateway.infra.TemplateJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import java.util.Map;

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

/** The stateful stack at prod sizes and with a NAT count from context, synthesized without the functions. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProdStageTest {

    private StatefulStack prod;
    private StatefulStack twoNats;
    private TemplateJson prodTemplate;

    @BeforeAll
    void synthesize() {
        NodeRuntime.require();
        App app = InfraApp.newApp();
        prod = new StatefulStack(app, "prod-stateful", StackProps.builder().build(),
                new StatefulStack.Props(StageConfig.prod(), null));
        twoNats = new StatefulStack(app, "nat-stateful", StackProps.builder().build(),
                new StatefulStack.Props(StageConfig.dev().withNatGateways(2), null));
        Aspects.of(app).add(new AwsSolutionsChecks());
        app.synth();
        prodTemplate = new TemplateJson(Template.fromStack(prod).toJSON());
    }

    @Test
    void prodIsMultiAzProtectedAndKeepsItsData() {
        String id = SynthesizedDevApp.logicalId(prod.getDatabase());
        Map<String, Object> db = prodTemplate.properties(id);
        assertEquals(true, db.get("MultiAZ"));
        assertEquals(true, db.get("DeletionProtection"));
        assertEquals(true, db.get("StorageEncrypted"));
        assertEquals("db.t4g.medium", db.get("DBInstanceClass"));
        assertEquals(14, ((Number) db.get("BackupRetentionPeriod")).intValue());
        assertEquals("Snapshot", prodTemplate.resource(id).get("DeletionPolicy"));
        assertEquals("Retain", prodTemplate.resource(
                SynthesizedDevApp.logicalId(prod.getWhatsAppSecret())).get("DeletionPolicy"));
        // The secret the instance takes its password from (not only its attachment) outlives the stack.
        List<Object> password = joinParts(db.get("MasterUserPassword"));
        String databaseSecret = TemplateJson.ref(password.get(1));
        assertEquals("AWS::SecretsManager::Secret", prodTemplate.typeOf(databaseSecret));
        assertEquals("Retain", prodTemplate.resource(databaseSecret).get("DeletionPolicy"));
        assertEquals("Retain", prodTemplate.resource(databaseSecret).get("UpdateReplacePolicy"));
    }

    @Test
    void prodNeedsNoneOfTheDevSuppressions() {
        List<String> errors = Annotations.fromStack(prod).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))
                .stream().map(e -> e.getId() + ": " + e.getEntry().getData()).toList();
        assertEquals(List.of(), errors);
        prodTemplate.resources().values().forEach(resource -> {
            Object metadata = map(resource).get("Metadata");
            if (metadata != null && map(metadata).containsKey("cdk_nag")) {
                for (Object suppression : list(map(map(metadata).get("cdk_nag")).get("rules_to_suppress"))) {
                    String rule = (String) map(suppression).get("id");
                    assertFalse(rule.equals("AwsSolutions-RDS3") || rule.equals("AwsSolutions-RDS10"), rule);
                }
            }
        });
    }

    @Test
    void natGatewayCountFollowsTheProps() {
        Template.fromStack(twoNats).resourceCountIs("AWS::EC2::NatGateway", 2);
        // Prod: one per zone, beside a Multi-AZ database, so one zone's outage leaves the functions their egress.
        Template.fromStack(prod).resourceCountIs("AWS::EC2::NatGateway", 2);
    }
}
