package org.govmail.mailets.content;

import java.util.Optional;

/**
 * Recognizes runnable content by its first bytes, whatever its name or declared type says.
 */
final class ExecutableSignatures {
    /** The most any signature needs. */
    static final int HEAD_LENGTH = 4;

    private ExecutableSignatures() {
    }

    /** The kind of executable {@code head} starts, if any. */
    static Optional<String> detect(byte[] head, int length) {
        if (startsWith(head, length, 'M', 'Z')) {
            return Optional.of("Windows PE");
        }
        if (startsWith(head, length, 0x7F, 'E', 'L', 'F')) {
            return Optional.of("ELF");
        }
        if (startsWith(head, length, 0xFE, 0xED, 0xFA, 0xCE) || startsWith(head, length, 0xFE, 0xED, 0xFA, 0xCF)
            || startsWith(head, length, 0xCE, 0xFA, 0xED, 0xFE) || startsWith(head, length, 0xCF, 0xFA, 0xED, 0xFE)) {
            return Optional.of("Mach-O");
        }
        // Also the magic of Mach-O universal binaries: both are runnable, one name is enough.
        if (startsWith(head, length, 0xCA, 0xFE, 0xBA, 0xBE)) {
            return Optional.of("Java class");
        }
        if (startsWith(head, length, '#', '!')) {
            return Optional.of("#! script");
        }
        return Optional.empty();
    }

    static boolean isZip(byte[] head, int length) {
        return startsWith(head, length, 'P', 'K', 0x03, 0x04);
    }

    private static boolean startsWith(byte[] head, int length, int... magic) {
        if (length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
