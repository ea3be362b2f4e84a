package dev.wagateway.devdb;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

class MigratedSnapshotTest {

    @Test
    void theKeyFollowsEveryMigrationsNameAndBytesAndTheBinaries() {
        SortedMap<String, byte[]> migrations = files("V1__a.sql", "CREATE TABLE a ();", "V2__b.sql", "CREATE TABLE b ();");
        String key = MigratedSnapshot.key(migrations, List.of("jar:file:/pg-16.10.0.jar!/postgres-linux-x86_64.txz"));
        assertEquals(key, MigratedSnapshot.key(files("V1__a.sql", "CREATE TABLE a ();", "V2__b.sql", "CREATE TABLE b ();"),
                List.of("jar:file:/pg-16.10.0.jar!/postgres-linux-x86_64.txz")), "the same inputs, the same snapshot");
        List<String> binaries = List.of("jar:file:/pg-16.10.0.jar!/postgres-linux-x86_64.txz");
        assertNotEquals(key, MigratedSnapshot.key(files("V1__a.sql", "CREATE TABLE a ();", "V2__b.sql", "CREATE TABLE c ();"),
                binaries), "a changed byte");
        assertNotEquals(key, MigratedSnapshot.key(files("V1__a.sql", "CREATE TABLE a ();", "V3__b.sql", "CREATE TABLE b ();"),
                binaries), "a renamed migration");
        assertNotEquals(key, MigratedSnapshot.key(files("V1__a.sql", "CREATE TABLE a ();"), binaries), "a removed migration");
        assertNotEquals(key, MigratedSnapshot.key(files("V1__a.sql", "CREATE TABLE a ();db/migration/V2__b.sqlCREATE TABLE b ();"),
                binaries), "the second file's name and bytes inside the first one's");
        assertNotEquals(key, MigratedSnapshot.key(migrations, List.of("jar:file:/pg-17.0.0.jar!/postgres-linux-x86_64.txz")),
                "other PostgreSQL binaries");
    }

    private static SortedMap<String, byte[]> files(String... namesAndContents) {
        SortedMap<String, byte[]> files = new TreeMap<>();
        for (int i = 0; i < namesAndContents.length; i += 2) {
            files.put("db/migration/" + namesAndContents[i], namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
        }
        return files;
    }
}
