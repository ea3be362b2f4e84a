package dev.wagateway.infra;

import static dev.wagateway.infra.TemplateJson.list;
import static dev.wagateway.infra.TemplateJson.map;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.cxapi.SynthesisMessage;

/** cdk-nag's AwsSolutions and Serverless rules, applied by InfraApp.build, over the synthesized dev stage. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CdkNagTest {

    /** The rules this app may suppress, each with a reason written in the stack code. */
    private static final Set<String> ALLOWED_SUPPRESSIONS = Set.of("AwsSolutions-APIG4", "AwsSolutions-IAM5",
            "AwsSolutions-L1", "AwsSolutions-RDS3", "AwsSolutions-RDS10", "AwsSolutions-RDS11",
            "AwsSolutions-SMG4", "AwsSolutions-SQS3", "Serverless-SQSRedrivePolicy", "Serverless-LambdaLatestVersion",
            "Serverless-LambdaDLQ", "Serverless-LambdaEventSourceMappingDestination");

    private SynthesizedDevApp dev;

    @BeforeAll
    void synthesize() {
        dev = SynthesizedDevApp.get();
    }

    @Test
    void noUnsuppressedAwsSolutionsOrServerlessError() {
        for (Stack stack : List.of(dev.stacks.stateful(), dev.stacks.stateless())) {
            List<SynthesisMessage> errors = Annotations.fromStack(stack)
                    .findError("*", Match.stringLikeRegexp("(AwsSolutions|Serverless)-.*"));
            assertEquals(List.of(), errors.stream().map(e -> e.getId() + ": " + e.getEntry().getData()).toList(),
                    stack.getStackName());
        }
    }

    @Test
    void noWarningEither() {
        for (Stack stack : List.of(dev.stacks.stateful(), dev.stacks.stateless())) {
            List<SynthesisMessage> warnings = Annotations.fromStack(stack).findWarning("*", Match.anyValue());
            assertEquals(List.of(), warnings.stream().map(e -> e.getId() + ": " + e.getEntry().getData()).toList(),
                    stack.getStackName());
        }
    }

    @Test
    void theChecksRanOverBothStacks() {
        // The nag report per stack and pack proves the rule packs were applied, not just silent.
        for (Stack stack : List.of(dev.stacks.stateful(), dev.stacks.stateless())) {
            for (String pack : List.of("AwsSolutions", "Serverless")) {
                assertTrue(java.nio.file.Files.isRegularFile(dev.assemblyDirectory
                        .resolve(pack + "-" + stack.getStackName() + "-NagReport.csv")), pack + " " + stack.getStackName());
            }
        }
    }

    @Test
    void everySuppressionIsAnAllowedRuleWithAWrittenReason() {
        Set<String> used = new TreeSet<>();
        for (TemplateJson template : List.of(dev.statefulJson, dev.statelessJson)) {
            template.resources().forEach((id, resource) -> {
                Object metadata = map(resource).get("Metadata");
                if (metadata == null || !map(metadata).containsKey("cdk_nag")) {
                    return;
                }
                for (Object entry : list(map(map(metadata).get("cdk_nag")).get("rules_to_suppress"))) {
                    Map<String, Object> suppression = map(entry);
                    String rule = (String) suppression.get("id");
                    String reason = (String) suppression.get("reason");
                    assertTrue(ALLOWED_SUPPRESSIONS.contains(rule), id + " suppresses " + rule);
                    assertTrue(reason != null && reason.length() >= 60, id + " " + rule + " reason too thin: " + reason);
                    if (rule.equals("AwsSolutions-IAM5")) {
                        // Wildcards are tolerated only for the ENI actions, the import role's read of the
                        List<Object> appliesTo = list(suppression.get("applies_to"));
                        // import bucket's objects, and the media functions' of the media bucket's objects; never wholesale.
                        if (!appliesTo.equals(List.of("Resource::*"))) {
                            if (id.contains("DbImportRole")) {
                                assertEquals(List.of(Map.of("regex", DatabaseJobs.IMPORT_OBJECTS_FINDING)), appliesTo, id);
                            } else {
                                assertEquals(List.of(Map.of("regex", StatelessStack.MEDIA_OBJECTS_FINDING)), appliesTo, id);
                            }
                        }
                    }
                    used.add(rule);
                }
            });
        }
        // Dev runs single-AZ without deletion protection, so those two appear here and nowhere in prod.
        assertTrue(used.containsAll(Set.of("AwsSolutions-RDS3", "AwsSolutions-RDS10")), used.toString());
        assertFalse(used.contains("AwsSolutions-IAM4"));
    }
}
