package dev.wagateway.shared.datasource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code sslmode=verify-full} through {@link RdsCertificates}: the jar's bundle holds the RDS and RDS Proxy
 * authorities, and a server that none of them vouches for is refused before any password is sent.
 */
class RdsCertificatesTest {

    @TempDir
    static Path keys;
    private static SSLContext serverTls;
    private static Path serverCertificate;

    /** A self-signed certificate for localhost, made with the JDK's keytool. */
    @BeforeAll
    static void serverCertificate() throws Exception {
        Path keystore = keys.resolve("server.p12");
        serverCertificate = keys.resolve("server.pem");
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        run(keytool, "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost", "-validity", "2",
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        run(keytool, "-exportcert", "-rfc", "-alias", "server", "-file", serverCertificate.toString(),
                "-keystore", keystore.toString(), "-storetype", "PKCS12", "-storepass", "changeit");
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = new FileInputStream(keystore.toFile())) {
            store.load(in, "changeit".toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(store, "changeit".toCharArray());
        serverTls = SSLContext.getInstance("TLS");
        serverTls.init(keyManagers.getKeyManagers(), null, null);
    }

    @Test
    void theBundleHoldsTheAuthoritiesOfRdsInEveryRegionAndOfRdsProxy() throws Exception {
        KeyStore store = RdsCertificates.trustStore(RdsCertificates.BUNDLE);
        List<String> subjects = Collections.list(store.aliases()).stream()
                .map(alias -> {
                    try {
                        return ((X509Certificate) store.getCertificate(alias)).getSubjectX500Principal().getName();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .toList();
        assertTrue(subjects.size() >= 100, subjects.size() + " certificates");
        for (String authority : List.of("CN=Amazon RDS us-east-1 Root CA RSA2048 G1", "CN=Amazon RDS eu-west-1 Root CA RSA2048 G1",
                "CN=Amazon RDS ap-southeast-2 Root CA ECC384 G1", "CN=Amazon Root CA 1,O=Amazon,C=US")) {
            assertTrue(subjects.stream().anyMatch(subject -> subject.contains(authority)), authority + " missing");
        }
    }

    @Test
    void aServerTheBundleDoesNotVouchForIsRefusedBeforeThePassword() throws Exception {
        try (FakePostgresServer server = new FakePostgresServer(serverTls)) {
            SQLException refused = assertThrows(SQLException.class, () -> connect(server,
                    "sslmode=verify-full&sslfactory=" + RdsCertificates.class.getName()));
            assertTrue(causes(refused).contains("PKIX"), causes(refused));
        }
    }

    @Test
    void theSameServerIsReachedWhenItsCertificateIsTrusted() throws Exception {
        // The control: the fake server speaks TLS correctly, so the refusal above is the bundle's doing.
        try (FakePostgresServer server = new FakePostgresServer(serverTls)) {
            assertThrows(SQLException.class, () -> connect(server, "sslmode=verify-full"
                    + "&sslfactory=org.postgresql.ssl.SingleCertValidatingFactory&sslfactoryarg=file:" + serverCertificate));
            assertEquals("the-password", server.password());
        }
    }

    private static void connect(FakePostgresServer server, String parameters) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", "wagateway_app");
        properties.setProperty("password", "the-password");
        DriverManager.getConnection("jdbc:postgresql://localhost:" + server.port() + "/wagateway?" + parameters,
                properties).close();
    }

    private static String causes(Throwable thrown) {
        StringBuilder text = new StringBuilder();
        for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
            text.append(cause).append(" <- ");
        }
        return text.toString();
    }

    private static void run(String... command) throws Exception {
        Path log = Files.createTempFile("rds-certificates", ".log");
        // To a file, not a pipe: reading a pipe to its end would wait for ever on a child that hangs.
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        String output = Files.readString(log);
        Files.delete(log);
        assertTrue(finished, String.join(" ", command) + " did not finish in 60 s: " + output);
        assertEquals(0, process.exitValue(), output);
    }
}
