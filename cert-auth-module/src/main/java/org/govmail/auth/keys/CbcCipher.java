package org.govmail.auth.keys;

import java.util.Arrays;
import java.util.function.Supplier;

import org.bouncycastle.crypto.BlockCipher;
import org.bouncycastle.crypto.InvalidCipherTextException;
import org.bouncycastle.crypto.engines.AESEngine;
import org.bouncycastle.crypto.engines.SEEDEngine;
import org.bouncycastle.crypto.modes.CBCBlockCipher;
import org.bouncycastle.crypto.paddings.PKCS7Padding;
import org.bouncycastle.crypto.paddings.PaddedBufferedBlockCipher;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * The block ciphers key files use, in CBC mode with PKCS#5 padding. Bouncy Castle's lightweight API
 * rather than a JCA provider: SEED then needs no provider registration, and nothing here depends on
 * which providers the server process has installed. Constructors rather than the newer {@code newInstance}
 * factories: the compile class path also carries the Bouncy Castle 1.70 that James declares (provided scope).
 */
enum CbcCipher {
    SEED(SEEDEngine::new),
    AES(AESEngine::new);

    static final int BLOCK_SIZE = 16;

    private final Supplier<BlockCipher> engine;

    CbcCipher(Supplier<BlockCipher> engine) {
        this.engine = engine;
    }

    byte[] encrypt(byte[] key, byte[] iv, byte[] plainText) {
        try {
            return run(true, key, iv, plainText);
        } catch (InvalidCipherTextException e) {
            throw new IllegalStateException("padding failed while encrypting", e);
        }
    }

    /**
     * @throws InvalidCipherTextException when the padding is wrong, which is what a wrong key gives
     *     (255 times in 256)
     */
    byte[] decrypt(byte[] key, byte[] iv, byte[] cipherText) throws InvalidCipherTextException {
        if (cipherText.length == 0 || cipherText.length % BLOCK_SIZE != 0) {
            throw new IllegalArgumentException("cipher text is not a whole number of blocks");
        }
        return run(false, key, iv, cipherText);
    }

    private byte[] run(boolean encrypt, byte[] key, byte[] iv, byte[] input) throws InvalidCipherTextException {
        PaddedBufferedBlockCipher cipher = new PaddedBufferedBlockCipher(
            new CBCBlockCipher(engine.get()), new PKCS7Padding());
        cipher.init(encrypt, new ParametersWithIV(new KeyParameter(key), iv));
        byte[] output = new byte[cipher.getOutputSize(input.length)];
        int length;
        try {
            length = cipher.processBytes(input, 0, input.length, output, 0);
            length += cipher.doFinal(output, length);
        } catch (InvalidCipherTextException | RuntimeException e) {
            // The buffer may already hold most of a decrypted private key.
            Arrays.fill(output, (byte) 0);
            throw e;
        }
        if (length == output.length) {
            return output;
        }
        byte[] result = Arrays.copyOf(output, length);
        Arrays.fill(output, (byte) 0);
        return result;
    }
}
