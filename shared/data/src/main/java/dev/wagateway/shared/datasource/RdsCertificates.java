package dev.wagateway.shared.datasource;

import org.postgresql.ssl.WrappedFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * pgjdbc's TLS sockets trusting only the certificate authorities of Amazon RDS and RDS Proxy, from the
 * bundle in the jar ({@value #BUNDLE}, written by {@code scripts/update-rds-ca-bundle}): nothing is read
 * from the file system or downloaded. With {@code sslmode=verify-full} pgjdbc also checks that the
 * certificate names the host. The infra names this class in the functions' JDBC URL ({@code sslfactory}).
 */
public final class RdsCertificates extends WrappedFactory {

    public static final String BUNDLE = "db/rds-ca-bundle.pem";

    public RdsCertificates() throws GeneralSecurityException {
        this(BUNDLE);
    }

    RdsCertificates(String bundle) throws GeneralSecurityException {
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trustStore(bundle));
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        factory = context.getSocketFactory();
    }

    /** The bundle's certificates as a trust store. */
    static KeyStore trustStore(String bundle) throws GeneralSecurityException {
        try (InputStream in = RdsCertificates.class.getClassLoader().getResourceAsStream(bundle)) {
            if (in == null) {
                throw new GeneralSecurityException(bundle + " is not in the jar");
            }
            Collection<? extends Certificate> certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
            if (certificates.isEmpty()) {
                throw new GeneralSecurityException(bundle + " holds no certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates) {
                store.setCertificateEntry("rds-ca-" + i++, certificate);
            }
            return store;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
