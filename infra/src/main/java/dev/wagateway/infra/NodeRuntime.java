package dev.wagateway.infra;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The CDK's Java classes drive the JavaScript library through a Node.js child process (jsii). Without a
 * usable {@code node} the first CDK call fails with an obscure error, so the app and the tests check first
 * and say what to install.
 */
public final class NodeRuntime {

    static final int MINIMUM_MAJOR = 18;
    private static final Pattern VERSION = Pattern.compile("v?(\\d+)\\.");

    private NodeRuntime() {
    }

    /** Checks the {@code node} on this process's PATH (or JSII_NODE, which jsii honours first). */
    public static void require() {
        String jsiiNode = System.getenv("JSII_NODE");
        Optional<Path> node = jsiiNode != null && !jsiiNode.isBlank()
                ? Optional.of(Path.of(jsiiNode))
                : findOnPath(System.getenv("PATH"));
        require(node);
    }

    /** Checks the {@code node} found on the given PATH value. */
    public static void requireOnPath(String path) {
        require(findOnPath(path));
    }

    private static void require(Optional<Path> node) {
        Path executable = node.orElseThrow(() -> new IllegalStateException(
                "Node.js was not found on the PATH. The AWS CDK synthesizes through Node.js: install Node.js "
                        + MINIMUM_MAJOR + "+ (for example `apt-get install nodejs`, or from nodejs.org) and make "
                        + "sure `node` is on the PATH."));
        int major = majorVersion(executable);
        if (major < MINIMUM_MAJOR) {
            throw new IllegalStateException("Node.js " + major + " at " + executable + " is too old for the AWS CDK: "
                    + "install Node.js " + MINIMUM_MAJOR + "+ and put it first on the PATH.");
        }
    }

    static Optional<Path> findOnPath(String path) {
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            if (dir.isBlank()) {
                continue;
            }
            for (String name : new String[] {"node", "node.exe"}) {
                Path candidate = Path.of(dir).resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    private static int majorVersion(Path node) {
        String output;
        try {
            Process process = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
            output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException(unusable(node, output));
            }
        } catch (IOException e) {
            throw new IllegalStateException(unusable(node, e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while asking " + node + " for its version", e);
        }
        Matcher matcher = VERSION.matcher(output);
        if (!matcher.lookingAt()) {
            throw new IllegalStateException(unusable(node, output));
        }
        return Integer.parseInt(matcher.group(1));
    }

    private static String unusable(Path node, String detail) {
        return "`" + node + " --version` did not answer a Node.js version (" + detail + "). The AWS CDK needs "
                + "Node.js " + MINIMUM_MAJOR + "+ on the PATH.";
    }
}
