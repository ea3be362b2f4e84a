package dev.wagateway.infra;

import java.nio.file.Path;

import software.amazon.awscdk.App;
import software.amazon.awscdk.CfnElement;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Template;
import software.constructs.IConstruct;

/**
 * The dev stage synthesized once per test JVM from the real function jars (built by the reactor before
 * infra). Synthesis is the slow part of these tests, so every test class shares this one.
 */
final class SynthesizedDevApp {

    private static SynthesizedDevApp instance;

    final FunctionJars jars;
    final StageConfig stage;
    final InfraApp.Stacks stacks;
    final Path assemblyDirectory;
    final Template stateful;
    final Template stateless;
    final TemplateJson statefulJson;
    final TemplateJson statelessJson;

    private SynthesizedDevApp() {
        jars = FunctionJars.ofThisRepository();
        stage = StageConfig.dev();
        App app = InfraApp.newApp();
        stacks = InfraApp.build(app, stage, jars, null, "alarms@example.com", "7", null);
        assemblyDirectory = Path.of(app.synth().getDirectory());
        stateful = Template.fromStack(stacks.stateful());
        stateless = Template.fromStack(stacks.stateless());
        statefulJson = new TemplateJson(stateful.toJSON());
        statelessJson = new TemplateJson(stateless.toJSON());
    }

    /** Fails (never skips) when Node.js is missing or a function jar has not been built. */
    static synchronized SynthesizedDevApp get() {
        if (instance == null) {
            NodeRuntime.require();
            instance = new SynthesizedDevApp();
        }
        return instance;
    }

    /** The CloudFormation logical id of a construct's resource. */
    static String logicalId(IConstruct construct) {
        IConstruct resource = construct instanceof CfnElement ? construct : construct.getNode().getDefaultChild();
        Stack stack = Stack.of(construct);
        return (String) stack.resolve(((CfnElement) resource).getLogicalId());
    }

}
