package org.govmail.mailets.routing;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * Builds the verifying TLS client of the inter-ministry route: the configured CA certificates, plus the
 * JVM's trust store when asked. A peer is trusted when any of the two verifies its chain; hostname
 * checking is JavaMail's ({@code mail.smtp.ssl.checkserveridentity}).
 */
public final class PeerTrust {
    private PeerTrust() {
    }

    public static SSLSocketFactory socketFactory(Collection<X509Certificate> authorities, boolean includeSystem)
            throws GeneralSecurityException, IOException {
        List<X509TrustManager> managers = new ArrayList<>();
        if (!authorities.isEmpty()) {
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int index = 0;
            for (X509Certificate authority : authorities) {
                store.setCertificateEntry("peer-ca-" + index++, authority);
            }
            managers.add(x509(store));
        }
        if (includeSystem) {
            managers.add(x509(null));
        }
        if (managers.isEmpty()) {
            throw new GeneralSecurityException("peerTrust names no certificates and excludes the system trust store: no peer could be verified");
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {new AnyOf(managers)}, null);
        return context.getSocketFactory();
    }

    public static List<X509Certificate> readPem(InputStream pem) throws CertificateException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(pem)) {
            certificates.add((X509Certificate) certificate);
        }
        return certificates;
    }

    private static X509TrustManager x509(KeyStore store) throws GeneralSecurityException {
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return Arrays.stream(factory.getTrustManagers()).filter(X509TrustManager.class::isInstance)
            .map(X509TrustManager.class::cast).findFirst()
            .orElseThrow(() -> new GeneralSecurityException("no X.509 trust manager"));
    }

    /** Trusts a server chain when one of its managers does; refuses with the first refusal otherwise. */
    private record AnyOf(List<X509TrustManager> managers) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            CertificateException first = null;
            for (X509TrustManager manager : managers) {
                try {
                    manager.checkServerTrusted(chain, authType);
                    return;
                } catch (CertificateException e) {
                    first = first == null ? e : first;
                }
            }
            throw first;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("this trust manager verifies servers only");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return managers.stream().flatMap(manager -> Arrays.stream(manager.getAcceptedIssuers())).toArray(X509Certificate[]::new);
        }
    }
}
