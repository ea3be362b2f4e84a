package dev.wagateway.infra;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NodeRuntimeTest {

    @TempDir
    Path bin;

    @Test
    void aPathWithoutNodeSaysToInstallIt() {
        IllegalStateException missing = assertThrows(IllegalStateException.class,
                () -> NodeRuntime.requireOnPath(bin.toString()));
        assertTrue(missing.getMessage().contains("Node.js was not found on the PATH"), missing.getMessage());
        assertTrue(missing.getMessage().contains("install Node.js 18+"), missing.getMessage());
    }

    @Test
    void anOldNodeIsRefused() throws IOException {
        fakeNode("v16.20.2");
        IllegalStateException old = assertThrows(IllegalStateException.class,
                () -> NodeRuntime.requireOnPath(bin.toString()));
        assertTrue(old.getMessage().contains("Node.js 16") && old.getMessage().contains("18+"), old.getMessage());
    }

    @Test
    void aRecentNodeIsAccepted() throws IOException {
        fakeNode("v22.11.0");
        assertDoesNotThrow(() -> NodeRuntime.requireOnPath("/nonexistent:" + bin));
    }

    @Test
    void thisMachineHasAUsableNode() {
        // The synth tests need it; when this fails, its message says what to install.
        NodeRuntime.require();
    }

    private void fakeNode(String version) throws IOException {
        Path node = bin.resolve("node");
        Files.writeString(node, "#!/bin/sh\necho " + version + "\n");
        Files.setPosixFilePermissions(node, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
