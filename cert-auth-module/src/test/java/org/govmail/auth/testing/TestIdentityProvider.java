package org.govmail.auth.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.bouncycastle.jce.ECNamedCurveTable;
import org.bouncycastle.jce.spec.ECNamedCurveParameterSpec;
import org.govmail.auth.identity.DevIdentityProvider;
import org.govmail.auth.identity.IdentityAssertionSigner;
import org.govmail.auth.identity.IdentityProvider;
import org.govmail.auth.identity.JwsAlgorithm;
import org.govmail.auth.identity.PemKeys;

/**
 * An identity provider for tests: its own key pair (or the server's development provider key), the
 * configuration that makes govmail trust it, and assertions signed with any claims and headers, valid or not.
 *
 * <pre>{@code
 * TestIdentityProvider provider = TestIdentityProvider.generate("test-ipin", JwsAlgorithm.RS256);
 * provider.installInto(installation.resolve("conf"));              // before the server starts
 * String assertion = provider.assertion("김선우", LocalDate.of(1990, 1, 1), "mobile");
 *
 * TestIdentityProvider dev = TestIdentityProvider.development(installation);  // after the first start
 * }</pre>
 */
public final class TestIdentityProvider {
    private final IdentityAssertionSigner signer;
    private final PublicKey publicKey;
    private final Set<String> methods;

    private TestIdentityProvider(IdentityAssertionSigner signer, PublicKey publicKey, Set<String> methods) {
        this.signer = signer;
        this.publicKey = publicKey;
        this.methods = Set.copyOf(methods);
    }

    /** A new provider offering mobile and i-PIN, key id {@code <providerId>-key-1}. */
    public static TestIdentityProvider generate(String providerId, JwsAlgorithm algorithm) {
        return generate(providerId, providerId + "-key-1", algorithm, IdentityProvider.METHODS);
    }

    /** A new provider with a fresh key pair for {@code algorithm} (RSA 2048 or P-256). */
    public static TestIdentityProvider generate(String providerId, String keyId, JwsAlgorithm algorithm, Set<String> methods) {
        KeyPair pair = keyPair(algorithm);
        return new TestIdentityProvider(new IdentityAssertionSigner(providerId, keyId, algorithm, pair.getPrivate()),
            pair.getPublic(), methods);
    }

    /**
     * A provider whose private key is in a PEM file (PKCS#8 or traditional), such as the server's development
     * provider key {@code <installation>/var/identity/dev/dev-provider.key}. ES256 for EC keys, RS256 for RSA keys.
     */
    public static TestIdentityProvider load(Path privateKeyPem, String keyId, String providerId) throws IOException {
        PrivateKey key = PemKeys.readPrivateKey(Files.readString(privateKeyPem, StandardCharsets.US_ASCII));
        return new TestIdentityProvider(new IdentityAssertionSigner(providerId, keyId, JwsAlgorithm.forKey(key), key),
            publicKeyOf(key), IdentityProvider.METHODS);
    }

    /**
     * The development provider the server generated on its first start under {@code installation}
     * ({@code var/identity/dev/dev-provider.key}, provider {@code govmail-dev}, key id {@code govmail-dev-1},
     * as the shipped conf/identity-providers.xml names them).
     */
    public static TestIdentityProvider development(Path installation) throws IOException {
        return load(installation.resolve("var/identity/dev").resolve(DevIdentityProvider.PRIVATE_KEY_FILE),
            DevIdentityProvider.KEY_ID, DevIdentityProvider.PROVIDER_ID);
    }

    public String providerId() {
        return signer.providerId();
    }

    public String keyId() {
        return signer.keyId();
    }

    public JwsAlgorithm algorithm() {
        return signer.algorithm();
    }

    public PublicKey publicKey() {
        return publicKey;
    }

    public Set<String> methods() {
        return methods;
    }

    /** What the verifier is configured with to trust this provider. */
    public IdentityProvider configured() {
        return new IdentityProvider(providerId(), keyId(), methods, publicKey);
    }

    public String publicKeyPem() {
        return PemKeys.toPem(publicKey);
    }

    /** The {@code <provider .../>} element of conf/identity-providers.xml for this provider. */
    public String providerXml(String publicKeyLocation) {
        return "<provider id=\"" + xml(providerId()) + "\" keyId=\"" + xml(keyId()) + "\" methods=\""
            + String.join(",", new TreeSet<>(methods)) + "\" publicKey=\"" + xml(publicKeyLocation) + "\"/>";
    }

    /**
     * Makes the server in this conf folder trust the provider: writes {@code <confDir>/identity/<providerId>.pem}
     * and adds a {@code <provider>} to {@code <confDir>/identity-providers.xml} (created, with nothing else in it,
     * when missing). Returns the public key file.
     */
    public Path installInto(Path confDir) throws IOException {
        Path keyFile = confDir.resolve("identity").resolve(providerId() + ".pem");
        Files.createDirectories(keyFile.getParent());
        Files.writeString(keyFile, publicKeyPem(), StandardCharsets.US_ASCII);
        String element = "    " + providerXml("file://conf/identity/" + providerId() + ".pem") + "\n";
        Path configuration = confDir.resolve("identity-providers.xml");
        String text = Files.exists(configuration)
            ? Files.readString(configuration, StandardCharsets.UTF_8)
            : "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<identityProviders>\n</identityProviders>\n";
        int end = text.lastIndexOf("</identityProviders>");
        if (end < 0) {
            throw new IOException(configuration + " has no </identityProviders>");
        }
        Files.writeString(configuration, text.substring(0, end) + element + text.substring(end), StandardCharsets.UTF_8);
        return keyFile;
    }

    /** A valid assertion issued now. */
    public String assertion(String name, LocalDate birthDate, String method) {
        return assertion(name, birthDate, method, Instant.now());
    }

    public String assertion(String name, LocalDate birthDate, String method, Instant issuedAt) {
        return signer.assertion(name, birthDate, method, issuedAt);
    }

    /** Valid claims (iss, name, birthdate, method, iat, a fresh nonce) in a new map to change before {@link #sign}. */
    public Map<String, Object> claims(String name, LocalDate birthDate, String method, Instant issuedAt) {
        return signer.claims(name, birthDate, method, issuedAt);
    }

    /** The valid header (alg, kid, typ) in a new map to change before {@link #sign(Map, Map)}. */
    public Map<String, Object> header() {
        return signer.header();
    }

    /** Signs {@code claims} under the valid header. */
    public String sign(Map<String, ?> claims) {
        return signer.sign(claims);
    }

    /** Signs with this provider's algorithm and key, whatever {@code header} claims. */
    public String sign(Map<String, ?> header, Map<String, ?> claims) {
        return signer.sign(header, claims);
    }

    /** Signs header and payload JSON exactly as given, e.g. with duplicate members. */
    public String signJson(String headerJson, String payloadJson) {
        return signJson(headerJson.getBytes(StandardCharsets.UTF_8), payloadJson.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs header and payload bytes exactly as given, e.g. not UTF-8. */
    public String signJson(byte[] headerJson, byte[] payloadJson) {
        return signer.signJson(headerJson, payloadJson);
    }

    /** {@code alg: none}: header and claims with an empty signature. */
    public String unsigned(Map<String, ?> claims) {
        Map<String, Object> header = new LinkedHashMap<>(header());
        header.put("alg", "none");
        return encode(header) + "." + encode(claims) + ".";
    }

    /**
     * {@code alg: HS256} with the HMAC keyed by {@code secret}: the algorithm confusion attack passes the
     * provider's public key PEM as the secret.
     */
    public String hmacSigned(Map<String, ?> claims, byte[] secret) {
        Map<String, Object> header = new LinkedHashMap<>(header());
        header.put("alg", "HS256");
        String input = encode(header) + "." + encode(claims);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return input + "." + IdentityAssertionSigner.base64url(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 128 random bits, as the signer puts in claims. */
    public String newNonce() {
        return signer.newNonce();
    }

    private static String encode(Map<String, ?> object) {
        return IdentityAssertionSigner.base64url(IdentityAssertionSigner.json(object));
    }

    private static KeyPair keyPair(JwsAlgorithm algorithm) {
        try {
            if (algorithm == JwsAlgorithm.ES256) {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                return generator.generateKeyPair();
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public half of a private key: RSA from its CRT form, EC as d·G on P-256. */
    private static PublicKey publicKeyOf(PrivateKey key) throws IOException {
        try {
            if (key instanceof RSAPrivateCrtKey rsa) {
                return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
            }
            if (key instanceof ECPrivateKey ec) {
                ECNamedCurveParameterSpec curve = ECNamedCurveTable.getParameterSpec("secp256r1");
                org.bouncycastle.math.ec.ECPoint q = curve.getG().multiply(ec.getS()).normalize();
                ECPoint point = new ECPoint(q.getAffineXCoord().toBigInteger(), q.getAffineYCoord().toBigInteger());
                return KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(point, ec.getParams()));
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot derive the public key", e);
        }
        throw new IOException("unsupported private key " + key.getAlgorithm());
    }

    private static String xml(String value) {
        return value.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
