package org.govmail.auth.token;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.util.io.pem.PemObject;
import org.bouncycastle.util.io.pem.PemWriter;
import org.govmail.auth.identity.PemKeys;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Key pairs, key sets and the published JWK Set: what may be a signing key, and how it is stored. */
class TokenSigningKeysTest {
    private static KeyPair first;
    private static KeyPair second;

    @TempDir
    Path directory;

    @BeforeAll
    static void keyPairs() throws GeneralSecurityException {
        first = rsa(2048);
        second = rsa(2048);
    }

    @Test
    void jwksPublishesEveryKeyAsAnRs256SigningJwk() throws Exception {
        TokenSigningKey a = key("2025-01", first);
        TokenSigningKey b = key("2025-04", second);
        TokenSigningKeys keys = new TokenSigningKeys(List.of(a, b), "2025-04");

        Map<String, Object> jwks = keys.jwks();

        assertThat(jwks).containsOnlyKeys("keys");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) jwks.get("keys");
        assertThat(list).hasSize(2);
        for (int i = 0; i < 2; i++) {
            TokenSigningKey key = List.of(a, b).get(i);
            Map<String, Object> jwk = list.get(i);
            assertThat(jwk).containsOnlyKeys("kty", "kid", "use", "alg", "n", "e")
                .containsEntry("kty", "RSA").containsEntry("kid", key.id())
                .containsEntry("use", "sig").containsEntry("alg", "RS256")
                .containsEntry("e", "AQAB");
            String n = (String) jwk.get("n");
            assertThat(n).matches("[A-Za-z0-9_-]+");
            byte[] modulus = Base64.getUrlDecoder().decode(n);
            assertThat(modulus).hasSize(256);
            assertThat(modulus[0]).isNotZero();
            PublicKey rebuilt = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, modulus), new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("e")))));
            assertThat(rebuilt).isEqualTo(key.publicKey());
        }
        String json = new ObjectMapper().writeValueAsString(jwks);
        assertThat(json).startsWith("{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"2025-01\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\"")
            .doesNotContain("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"");
    }

    @Test
    void activeAndFind() {
        TokenSigningKey a = key("2025-01", first);
        TokenSigningKey b = key("2025-04", second);
        TokenSigningKeys keys = new TokenSigningKeys(List.of(a, b), "2025-01");

        assertThat(keys.active()).isSameAs(a);
        assertThat(keys.find("2025-04")).containsSame(b);
        assertThat(keys.find("2025-02")).isEmpty();
        assertThat(keys.find(null)).isEmpty();
        assertThat(keys.keys()).containsExactly(a, b);
    }

    @Test
    void writeAndReadBackWithOwnerOnlyPermissions() throws Exception {
        TokenSigningKey key = key("2025-01", first);
        Path file = directory.resolve("conf/token-keys/2025-01.pem");

        key.write(file);

        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        assertThat(pem).startsWith("-----BEGIN PRIVATE KEY-----");
        if (file.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        }
        TokenSigningKey read = TokenSigningKey.read("2025-01", file);
        assertThat(read.id()).isEqualTo("2025-01");
        assertThat(read.privateKey().getEncoded()).isEqualTo(first.getPrivate().getEncoded());
        assertThat(read.publicKey()).isEqualTo(first.getPublic());
        assertThat(read.toString()).isEqualTo("TokenSigningKey[id=2025-01, RSA 2048 bits]");
    }

    @Test
    void writeDoesNotReplaceAnExistingKey() throws Exception {
        Path file = directory.resolve("2025-01.pem");
        key("2025-01", first).write(file);

        assertThatThrownBy(() -> key("2025-01", second).write(file)).isInstanceOf(FileAlreadyExistsException.class);
        assertThat(TokenSigningKey.read("2025-01", file).publicKey()).isEqualTo(first.getPublic());
    }

    @Test
    void readsPkcs1RsaPrivateKeyPem() throws Exception {
        byte[] pkcs1 = PrivateKeyInfo.getInstance(first.getPrivate().getEncoded()).parsePrivateKey().toASN1Primitive().getEncoded();
        Path file = directory.resolve("pkcs1.pem");
        Files.writeString(file, pem("RSA PRIVATE KEY", pkcs1), StandardCharsets.US_ASCII);

        TokenSigningKey read = TokenSigningKey.read("legacy", file);

        assertThat(read.publicKey()).isEqualTo(first.getPublic());
        assertThat(((RSAPrivateCrtKey) read.privateKey()).getPrivateExponent())
            .isEqualTo(((RSAPrivateCrtKey) first.getPrivate()).getPrivateExponent());
    }

    @Test
    void readRefusesOtherKeysAndFiles() throws Exception {
        Path ec = directory.resolve("ec.pem");
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        Files.writeString(ec, PemKeys.toPem(generator.generateKeyPair().getPrivate()));
        assertThatThrownBy(() -> TokenSigningKey.read("ec", ec)).isInstanceOf(IOException.class);

        Path small = directory.resolve("small.pem");
        Files.writeString(small, PemKeys.toPem(rsa(1024).getPrivate()));
        assertThatThrownBy(() -> TokenSigningKey.read("small", small)).isInstanceOf(IOException.class).hasMessageContaining("1024 bits");

        Path publicOnly = directory.resolve("public.pem");
        Files.writeString(publicOnly, PemKeys.toPem(first.getPublic()));
        assertThatThrownBy(() -> TokenSigningKey.read("public", publicOnly)).isInstanceOf(IOException.class);

        assertThatThrownBy(() -> TokenSigningKey.read("missing", directory.resolve("missing.pem"))).isInstanceOf(IOException.class);
    }

    @Test
    void generatedKeysAre3072BitsAndNeverPrintTheirMaterial() {
        TokenSigningKey generated = TokenSigningKey.generate("gen-1");

        assertThat(((RSAPublicKey) generated.publicKey()).getModulus().bitLength()).isEqualTo(3072);
        assertThat(generated.toString()).isEqualTo("TokenSigningKey[id=gen-1, RSA 3072 bits]")
            .doesNotContain(((RSAPublicKey) generated.publicKey()).getModulus().toString().substring(0, 20))
            .doesNotContain(((RSAPrivateCrtKey) generated.privateKey()).getPrivateExponent().toString().substring(0, 20));
        assertThat(new TokenSigningKeys(List.of(generated), "gen-1").toString()).isEqualTo("TokenSigningKeys[active=gen-1, ids=[gen-1]]");
    }

    @Test
    void smallOrNonRsaOrMismatchedKeysAreRefused() throws Exception {
        KeyPair small = rsa(1024);
        assertThatThrownBy(() -> key("small", small)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");

        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair ec = generator.generateKeyPair();
        assertThatThrownBy(() -> key("ec", ec)).isInstanceOf(IllegalArgumentException.class);

        assertThatThrownBy(() -> new TokenSigningKey("mixed", first.getPrivate(), second.getPublic()))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenSigningKey("null", null, first.getPublic())).isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "key 1", "key/1", "../key", "키", "key\n",
        "a234567890123456789012345678901234567890123456789012345678901234x"})
    void badKeyIdsAreRefused(String id) {
        assertThatThrownBy(() -> key(id, first)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> TokenSigningKey.generate(id)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void longestKeyIdIsAccepted() {
        String id = "a".repeat(TokenSigningKey.MAX_ID_LENGTH);

        assertThat(key(id, first).id()).isEqualTo(id);
        assertThat(key("A.z_0-9", first).id()).isEqualTo("A.z_0-9");
    }

    @Test
    void duplicateIdsAreRefused() {
        List<TokenSigningKey> keys = List.of(key("2025-01", first), key("2025-01", second));

        assertThatThrownBy(() -> new TokenSigningKeys(keys, "2025-01")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unknownActiveIdIsRefused() {
        List<TokenSigningKey> keys = List.of(key("2025-01", first));

        assertThatThrownBy(() -> new TokenSigningKeys(keys, "2025-04")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenSigningKeys(List.of(), "2025-01")).isInstanceOf(IllegalArgumentException.class);
    }

    private static TokenSigningKey key(String id, KeyPair pair) {
        return new TokenSigningKey(id, pair.getPrivate(), pair.getPublic());
    }

    private static KeyPair rsa(int bits) throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(bits);
        return generator.generateKeyPair();
    }

    private static String pem(String type, byte[] der) throws IOException {
        StringWriter text = new StringWriter();
        try (PemWriter writer = new PemWriter(text)) {
            writer.writeObject(new PemObject(type, der));
        }
        return text.toString();
    }
}
