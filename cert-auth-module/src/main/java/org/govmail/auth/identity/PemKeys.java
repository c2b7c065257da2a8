package org.govmail.auth.identity;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.security.PrivateKey;
import java.security.PublicKey;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;

/**
 * Provider keys as PEM text: public keys as SubjectPublicKeyInfo ({@code PUBLIC KEY}), PKCS#1
 * ({@code RSA PUBLIC KEY}) or inside an X.509 certificate ({@code CERTIFICATE}); private keys as PKCS#8
 * ({@code PRIVATE KEY}) or the OpenSSL traditional forms ({@code EC/RSA PRIVATE KEY}). The first PEM object
 * of the text counts.
 */
public final class PemKeys {
    private PemKeys() {
    }

    public static PublicKey readPublicKey(String pem) throws IOException {
        Object object = first(pem);
        SubjectPublicKeyInfo info;
        if (object instanceof SubjectPublicKeyInfo spki) {
            info = spki;
        } else if (object instanceof X509CertificateHolder certificate) {
            info = certificate.getSubjectPublicKeyInfo();
        } else if (object instanceof PEMKeyPair pair) {
            throw new IOException("this PEM holds a private key; configure the provider's public key or certificate");
        } else {
            throw new IOException("no public key or certificate in this PEM (found " + describe(object) + ")");
        }
        return new JcaPEMKeyConverter().getPublicKey(info);
    }

    public static PrivateKey readPrivateKey(String pem) throws IOException {
        Object object = first(pem);
        if (object instanceof PEMKeyPair pair) {
            return new JcaPEMKeyConverter().getPrivateKey(pair.getPrivateKeyInfo());
        }
        if (object instanceof PrivateKeyInfo info) {
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
        throw new IOException("no unencrypted private key in this PEM (found " + describe(object) + ")");
    }

    /** {@code PUBLIC KEY} (SubjectPublicKeyInfo) or {@code PRIVATE KEY} (PKCS#8) PEM text. */
    public static String toPem(java.security.Key key) {
        String type = key instanceof PrivateKey ? "PRIVATE KEY" : "PUBLIC KEY";
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, key.getEncoded()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    private static Object first(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IOException("no PEM object found");
            }
            return object;
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new IOException("unreadable PEM: " + e.getMessage(), e);
        }
    }

    private static String describe(Object object) {
        return object.getClass().getSimpleName();
    }
}
