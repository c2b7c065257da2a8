package org.govmail.server.testing;

import java.math.BigInteger;
import java.net.InetAddress;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.security.auth.x500.X500Principal;

import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.PkiBuilder;

/**
 * The TLS identity of a test mail server standing in for another ministry: its own CA (which govmail is
 * told to trust, or not) and a server certificate for {@code localhost} / 127.0.0.1 issued by it.
 */
public final class PeerTls {
    private final X509Certificate authority;
    private final SSLContext serverContext;

    private PeerTls(X509Certificate authority, SSLContext serverContext) {
        this.authority = authority;
        this.serverContext = serverContext;
    }

    public static PeerTls generate(String caName) throws Exception {
        KeyPair caKeys = PkiBuilder.rsaKeyPair();
        Instant now = Instant.now();
        X500Principal caSubject = new X500Principal("CN=" + caName + ", O=Government of Korea, C=KR");
        JcaX509v3CertificateBuilder ca = new JcaX509v3CertificateBuilder(caSubject, BigInteger.valueOf(new SecureRandom().nextInt(Integer.MAX_VALUE)),
            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))), caSubject, caKeys.getPublic());
        ca.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate caCertificate = sign(ca, caKeys);

        KeyPair serverKeys = PkiBuilder.rsaKeyPair();
        JcaX509v3CertificateBuilder server = new JcaX509v3CertificateBuilder(caCertificate, BigInteger.valueOf(new SecureRandom().nextInt(Integer.MAX_VALUE)),
            Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(Duration.ofDays(30))),
            new X500Principal("CN=localhost, O=" + caName), serverKeys.getPublic());
        server.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, "localhost"),
            new GeneralName(GeneralName.iPAddress, InetAddress.getLoopbackAddress().getHostAddress())}));
        server.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.keyEncipherment));
        X509Certificate serverCertificate = sign(server, caKeys);

        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        char[] password = "peer".toCharArray();
        store.setKeyEntry("server", serverKeys.getPrivate(), password, new java.security.cert.Certificate[] {serverCertificate, caCertificate});
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, password);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return new PeerTls(caCertificate, context);
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(
            builder.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
    }

    public SSLContext serverContext() {
        return serverContext;
    }

    public String authorityPem() {
        return Certificates.toPem(authority);
    }
}
