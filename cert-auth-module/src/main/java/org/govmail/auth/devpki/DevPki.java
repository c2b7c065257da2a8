package org.govmail.auth.devpki;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.PkiBuilder.Authority;
import org.govmail.auth.devpki.PkiBuilder.Issued;
import org.govmail.auth.devpki.PkiBuilder.UserSpec;

/**
 * A development PKI in one folder, shaped like the Korean ones: a GPKI-like and an EPKI-like
 * hierarchy the shipped {@code conf/govmail-auth.xml} trusts, and an NPKI-like (bank) hierarchy it
 * refuses. Each has a root, an issuing CA (whose key is kept here so {@code scripts/govmail-pki}
 * can issue and revoke user certificates) and a CRL file the server reads.
 *
 * <p>Dev and test material only: none of these roots exists outside this folder.
 */
public final class DevPki {
    public static final String GPKI_USER_POLICY = "1.2.410.100001.2.2.1";
    public static final String EPKI_USER_POLICY = "1.2.410.100001.5.3.1.3";
    public static final String NPKI_USER_POLICY = "1.2.410.200005.1.1.1";
    static final Duration CRL_VALIDITY = Duration.ofDays(7);

    /** The three hierarchies, with subjects modelled on the real ones. */
    public enum Scheme {
        GPKI("CN=Root CA, OU=GPKI, O=Government of Korea, C=KR",
            "CN=CA131000001, OU=GPKI, O=Government of Korea, C=KR", GPKI_USER_POLICY),
        EPKI("CN=Root CA, OU=EPKI, O=Government of Korea, C=KR",
            "CN=CA128000031, OU=EPKI, O=Government of Korea, C=KR", EPKI_USER_POLICY),
        NPKI("CN=KISA RootCA 4, OU=Korea Certification Authority Central, O=KISA, C=KR",
            "CN=yessignCA Class 2, OU=AccreditedCA, O=yessign, C=KR", NPKI_USER_POLICY);

        final String rootSubject;
        final String caSubject;
        public final String userPolicy;

        Scheme(String rootSubject, String caSubject, String userPolicy) {
            this.rootSubject = rootSubject;
            this.caSubject = caSubject;
            this.userPolicy = userPolicy;
        }

        String file(String suffix) {
            return name().toLowerCase(Locale.ROOT) + suffix;
        }
    }

    private final Path folder;
    private final Map<Scheme, Authority> roots;
    private final Map<Scheme, Authority> cas;

    private DevPki(Path folder, Map<Scheme, Authority> roots, Map<Scheme, Authority> cas) {
        this.folder = folder;
        this.roots = roots;
        this.cas = cas;
    }

    public static boolean existsIn(Path folder) {
        return Files.exists(folder.resolve(Scheme.GPKI.file("-ca.key")));
    }

    /** Generates the three hierarchies into {@code folder} (created if needed), with empty CRLs. */
    public static DevPki create(Path folder) throws IOException {
        Files.createDirectories(folder);
        Instant now = Instant.now();
        Map<Scheme, Authority> roots = new EnumMap<>(Scheme.class);
        Map<Scheme, Authority> cas = new EnumMap<>(Scheme.class);
        for (Scheme scheme : Scheme.values()) {
            Authority root = PkiBuilder.root(scheme.rootSubject, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(3650)));
            Authority ca = PkiBuilder.intermediate(root, scheme.caSubject, now.minus(Duration.ofDays(1)), now.plus(Duration.ofDays(1825)));
            roots.put(scheme, root);
            cas.put(scheme, ca);
            writeString(folder.resolve(scheme.file("-root.pem")), Certificates.toPem(root.certificate()));
            writeString(folder.resolve(scheme.file("-ca.pem")), Certificates.toPem(ca.certificate()));
            writeString(folder.resolve(scheme.file("-ca.key")), pem(ca.key()));
            restrict(folder.resolve(scheme.file("-ca.key")));
        }
        DevPki pki = new DevPki(folder, roots, cas);
        for (Scheme scheme : Scheme.values()) {
            pki.writeCrl(scheme);
        }
        return pki;
    }

    public static DevPki load(Path folder) throws IOException {
        Map<Scheme, Authority> roots = new EnumMap<>(Scheme.class);
        Map<Scheme, Authority> cas = new EnumMap<>(Scheme.class);
        for (Scheme scheme : Scheme.values()) {
            PrivateKey caKey = readKey(folder.resolve(scheme.file("-ca.key")));
            roots.put(scheme, new Authority(readCertificate(folder.resolve(scheme.file("-root.pem"))), null));
            cas.put(scheme, new Authority(readCertificate(folder.resolve(scheme.file("-ca.pem"))), caKey));
        }
        return new DevPki(folder, roots, cas);
    }

    public Path folder() {
        return folder;
    }

    public X509Certificate root(Scheme scheme) {
        return roots.get(scheme).certificate();
    }

    public Authority ca(Scheme scheme) {
        return cas.get(scheme);
    }

    public Path crlFile(Scheme scheme) {
        return folder.resolve(scheme.file("-ca.crl"));
    }

    /**
     * The subject a scheme gives a person: GPKI writes {@code <code><name><serial>} into the CN
     * ({@code 043김선우01}), EPKI {@code <name>(<role>)<serial>}.
     */
    public static String personSubject(Scheme scheme, String name, String institution) {
        return switch (scheme) {
            case GPKI -> "CN=043" + name + "01, OU=people, OU=" + institution + ", O=Government of Korea, C=KR";
            case EPKI -> "CN=" + name + "(교원)0012345, OU=people, OU=" + institution + ", O=Government of Korea, C=KR";
            case NPKI -> "CN=" + name + "()001104520150716111000123, OU=personal4IB, OU=KMB, OU=XUse4Esero, O=yessign, C=KR";
        };
    }

    /** A valid signing certificate for {@code name}, adjusted by {@code customize}. */
    public Issued issue(Scheme scheme, String name, String institution, UnaryOperator<UserSpec> customize) {
        UserSpec spec = customize.apply(UserSpec.user(personSubject(scheme, name, institution), scheme.userPolicy));
        return PkiBuilder.issue(cas.get(scheme), spec);
    }

    public Issued issue(Scheme scheme, String name, String institution) {
        return issue(scheme, name, institution, UnaryOperator.identity());
    }

    /** Adds the certificate to its CA's revocation list and rewrites the CRL file. */
    public synchronized void revoke(Scheme scheme, X509Certificate certificate) throws IOException {
        Path list = folder.resolve(scheme.file("-ca.revoked"));
        String line = certificate.getSerialNumber().toString(16) + " " + Instant.now().getEpochSecond() + "\n";
        Files.writeString(list, line, StandardCharsets.US_ASCII,
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        writeCrl(scheme);
    }

    /** Re-issues the scheme's CRL now (thisUpdate = now, nextUpdate = now + 7 days). */
    public synchronized X509CRL writeCrl(Scheme scheme) throws IOException {
        Map<BigInteger, Instant> revoked = new LinkedHashMap<>();
        Path list = folder.resolve(scheme.file("-ca.revoked"));
        if (Files.exists(list)) {
            for (String entry : Files.readAllLines(list, StandardCharsets.US_ASCII)) {
                String[] parts = entry.trim().split(" ");
                if (parts.length == 2) {
                    revoked.put(new BigInteger(parts[0], 16), Instant.ofEpochSecond(Long.parseLong(parts[1])));
                }
            }
        }
        Instant now = Instant.now();
        X509CRL crl = PkiBuilder.crl(cas.get(scheme), revoked, now.minusSeconds(1), now.plus(CRL_VALIDITY));
        try {
            Path temp = Files.createTempFile(folder, "crl", ".tmp");
            Files.write(temp, crl.getEncoded());
            Files.move(temp, crlFile(scheme), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (java.security.cert.CRLException e) {
            throw new IOException(e);
        }
        return crl;
    }

    /** A PKCS#12 file with the user's key and chain, as mail clients import it. */
    public void writePkcs12(Scheme scheme, Issued issued, Path file, char[] password, String alias) throws IOException {
        writePkcs12(file, issued.key(), List.of(issued.certificate(), cas.get(scheme).certificate()), password, alias);
    }

    public static void writePkcs12(Path file, PrivateKey key, List<X509Certificate> chain, char[] password, String alias)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key, password, chain.toArray(Certificate[]::new));
            store.store(out, password);
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException("cannot write PKCS#12 " + file, e);
        }
        restrict(file);
    }

    public static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded()));
            } else {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return text.toString();
    }

    static PrivateKey readKey(Path file) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(Files.readString(file, StandardCharsets.US_ASCII)))) {
            Object read = parser.readObject();
            PrivateKeyInfo info = read instanceof org.bouncycastle.openssl.PEMKeyPair pair
                ? pair.getPrivateKeyInfo() : PrivateKeyInfo.getInstance(read);
            return new JcaPEMKeyConverter().getPrivateKey(info);
        }
    }

    static X509Certificate readCertificate(Path file) throws IOException {
        try {
            return Certificates.parse(Files.readAllBytes(file));
        } catch (GovmailAuthException e) {
            throw new IOException(file + ": " + e.getMessage());
        }
    }

    private static void writeString(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.US_ASCII);
    }

    private static void restrict(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException e) {
            // Not a POSIX file system: the folder's own permissions have to do.
        }
    }
}
