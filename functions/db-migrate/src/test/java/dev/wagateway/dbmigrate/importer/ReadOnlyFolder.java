package dev.wagateway.dbmigrate.importer;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A folder nobody may create files in for the length of a test. Read-only permissions do not stop root (the
 * build machines run tests as root), so there the folder is also made immutable ({@code chattr +i}); where
 * neither takes, the test is skipped rather than passing without the condition it is about.
 */
final class ReadOnlyFolder implements AutoCloseable {

    private final Path folder;
    private final boolean immutable;

    private ReadOnlyFolder(Path folder, boolean immutable) {
        this.folder = folder;
        this.immutable = immutable;
    }

    static ReadOnlyFolder of(Path folder) throws IOException, InterruptedException {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        boolean immutable = false;
        if (Files.isWritable(folder)) {
            immutable = chattr(folder, "+i");
        }
        ReadOnlyFolder readOnly = new ReadOnlyFolder(folder, immutable);
        if (Files.isWritable(folder)) {
            readOnly.close();
            Assumptions.abort("cannot make " + folder + " read-only for this user");
        }
        return readOnly;
    }

    private static boolean chattr(Path folder, String flag) throws IOException, InterruptedException {
        try {
            Process process = new ProcessBuilder("chattr", flag, folder.toString()).redirectErrorStream(true).start();
            process.getInputStream().readAllBytes();
            return process.waitFor() == 0;
        } catch (IOException noChattr) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (immutable) {
                chattr(folder, "-i");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
