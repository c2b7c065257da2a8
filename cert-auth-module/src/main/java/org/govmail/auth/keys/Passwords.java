package org.govmail.auth.keys;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Password chars to the bytes the key derivations hash. */
final class Passwords {
    private Passwords() {
    }

    /**
     * UTF-8, which for the ASCII passwords Korean certificate software accepts is the same as every
     * other choice. Refuses unpaired surrogates instead of hashing a replacement character that the
     * user did not type.
     */
    static byte[] utf8(char[] password) throws CharacterCodingException {
        ByteBuffer encoded = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }
}
