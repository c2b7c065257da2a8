package org.govmail.mailets.content;

import java.util.Optional;

/**
 * Recognises executable content by its first bytes, whatever the part claims to be: a {@code .pdf}
 * that starts with {@code MZ} is a Windows program.
 */
final class ContentSniffer {
    private ContentSniffer() {
    }

    static Optional<String> executable(byte[] head, int length) {
        if (starts(head, length, 'M', 'Z')) {
            return Optional.of("windows-executable");
        }
        if (starts(head, length, 0x7F, 'E', 'L', 'F')) {
            return Optional.of("elf-executable");
        }
        if (starts(head, length, 0xCA, 0xFE, 0xBA, 0xBE)) {
            return Optional.of("java-class-or-mach-o-universal");
        }
        if (starts(head, length, 0xFE, 0xED, 0xFA, 0xCE) || starts(head, length, 0xFE, 0xED, 0xFA, 0xCF)
            || starts(head, length, 0xCE, 0xFA, 0xED, 0xFE) || starts(head, length, 0xCF, 0xFA, 0xED, 0xFE)) {
            return Optional.of("mach-o-executable");
        }
        if (starts(head, length, '#', '!')) {
            return Optional.of("script");
        }
        return Optional.empty();
    }

    static boolean zip(byte[] head, int length) {
        return starts(head, length, 'P', 'K', 3, 4);
    }

    private static boolean starts(byte[] head, int length, int... magic) {
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
