package org.govmail.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.govmail.auth.keys.GovmailKeyException.Problem;
import org.junit.jupiter.api.Test;

/** Damaged and random files: decrypt answers each with a key or a GovmailKeyException, never anything else. */
class KoreanPrivateKeysFuzzTest {
    private static final char[] PASSWORD = "fuzz-pass".toCharArray();
    private static final int MUTATIONS = 500;

    @Test
    void mutatedFilesOnlyEverGiveGovmailKeyException() {
        Random random = new Random(4269);
        List<byte[]> originals = new ArrayList<>();
        for (EncryptedKeyScheme scheme : EncryptedKeyScheme.values()) {
            byte[] der = KoreanPrivateKeys.encrypt(TestCredentials.RSA.keys().getPrivate(), PASSWORD, scheme, 16);
            originals.add(der);
            originals.add(pem(der));
        }
        Map<Problem, Integer> seen = new EnumMap<>(Problem.class);
        for (int i = 0; i < MUTATIONS; i++) {
            byte[] original = originals.get(random.nextInt(originals.size()));
            Problem problem = attempt(mutate(original, random));
            if (problem != null) {
                seen.merge(problem, 1, Integer::sum);
            }
        }
        for (int i = 0; i < 200; i++) {
            byte[] noise = new byte[random.nextInt(3000)];
            random.nextBytes(noise);
            if (noise.length > 0 && random.nextBoolean()) {
                noise[0] = 0x30;
            }
            attempt(noise);
        }
        // The mutations reach both the structure checks and the decryption.
        assertThat(seen).containsKeys(Problem.MALFORMED, Problem.WRONG_PASSWORD);
    }

    /** Deep nesting and absurd lengths: what breaks recursive or trusting parsers. */
    @Test
    void hostileStructuresOnlyEverGiveGovmailKeyException() {
        byte[] nested = new byte[KoreanPrivateKeys.MAX_ENCODED_SIZE];
        for (int i = 0; i < nested.length; i += 2) {
            nested[i] = 0x30;
            nested[i + 1] = (byte) 0x80;
        }
        assertThat(attempt(nested)).isEqualTo(Problem.MALFORMED);
        assertThat(attempt(new byte[] {0x30, (byte) 0x84, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x30, 0x00}))
            .isEqualTo(Problem.MALFORMED);
        assertThat(attempt(new byte[] {0x30})).isEqualTo(Problem.MALFORMED);
        assertThat(attempt("-----BEGIN ENCRYPTED PRIVATE KEY-----".repeat(1500).getBytes(StandardCharsets.US_ASCII)))
            .isEqualTo(Problem.MALFORMED);
    }

    /** The problem reported, or null when the damage left a readable key. */
    private static Problem attempt(byte[] file) {
        try {
            PrivateKey key = KoreanPrivateKeys.decrypt(file, PASSWORD);
            assertThat(key).isNotNull();
            return null;
        } catch (GovmailKeyException e) {
            assertThat(e.getMessage()).isNotBlank();
            return e.problem();
        } catch (Throwable e) {
            throw new AssertionError("decrypt threw " + e + " for " + Base64.getEncoder().encodeToString(file), e);
        }
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] file = original.clone();
        switch (random.nextInt(5)) {
            case 0 -> {
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips; i++) {
                    int at = random.nextInt(file.length);
                    file[at] ^= (byte) (1 << random.nextInt(8));
                }
            }
            case 1 -> file = java.util.Arrays.copyOf(file, random.nextInt(file.length));
            case 2 -> file[random.nextInt(file.length)] = (byte) random.nextInt(256);
            case 3 -> {
                // Early bytes are the tags and lengths of the structure.
                int at = random.nextInt(Math.min(file.length, 80));
                file[at] = (byte) random.nextInt(256);
            }
            default -> {
                int at = random.nextInt(file.length);
                byte[] longer = new byte[file.length + 1];
                System.arraycopy(file, 0, longer, 0, at);
                longer[at] = (byte) random.nextInt(256);
                System.arraycopy(file, at, longer, at + 1, file.length - at);
                file = longer;
            }
        }
        return file;
    }

    private static byte[] pem(byte[] der) {
        return ("-----BEGIN ENCRYPTED PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(der)
            + "\n-----END ENCRYPTED PRIVATE KEY-----\n").getBytes(StandardCharsets.US_ASCII);
    }
}
