package org.govmail.mailets.content;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What makes an attachment dangerous. Extensions are compared without their dot and content types
 * without parameters, both case-insensitively. The archive limits apply to the whole message, so many
 * small archives cannot add up to what one large one may not do.
 */
public record AttachmentRules(Set<String> extensions, Set<String> contentTypes, boolean inspectArchives,
                              boolean encryptedArchivesDangerous, int maxArchiveEntries, long maxArchiveBytes) {
    public static final Set<String> DEFAULT_EXTENSIONS = Set.of("exe", "scr", "com", "pif", "bat", "cmd", "vbs",
        "vbe", "js", "jse", "wsf", "wsh", "hta", "msi", "msp", "cpl", "jar", "ps1", "lnk", "reg", "dll", "iso",
        "img", "vhd");
    public static final Set<String> DEFAULT_CONTENT_TYPES = Set.of("application/x-msdownload",
        "application/x-msdos-program", "application/x-dosexec", "application/x-executable",
        "application/java-archive", "application/x-sh");
    public static final int DEFAULT_MAX_ARCHIVE_ENTRIES = 1000;
    /** Decompressed bytes read from archives per message: enough for ordinary office archives, nothing for a bomb. */
    public static final long DEFAULT_MAX_ARCHIVE_BYTES = 64L * 1024 * 1024;

    public AttachmentRules {
        extensions = normalize(extensions, true);
        contentTypes = normalize(contentTypes, false);
        if (maxArchiveEntries < 1 || maxArchiveBytes < 1) {
            throw new IllegalArgumentException("archive limits must be positive");
        }
    }

    public static AttachmentRules defaults() {
        return new AttachmentRules(DEFAULT_EXTENSIONS, DEFAULT_CONTENT_TYPES, true, true,
            DEFAULT_MAX_ARCHIVE_ENTRIES, DEFAULT_MAX_ARCHIVE_BYTES);
    }

    public AttachmentRules withEncryptedArchivesDangerous(boolean dangerous) {
        return new AttachmentRules(extensions, contentTypes, inspectArchives, dangerous, maxArchiveEntries, maxArchiveBytes);
    }

    public AttachmentRules withArchiveLimits(int entries, long bytes) {
        return new AttachmentRules(extensions, contentTypes, inspectArchives, encryptedArchivesDangerous, entries, bytes);
    }

    public boolean dangerousExtension(String extension) {
        return extensions.contains(extension.toLowerCase(Locale.ROOT));
    }

    public boolean dangerousContentType(String baseType) {
        return contentTypes.contains(baseType.toLowerCase(Locale.ROOT));
    }

    private static Set<String> normalize(Collection<String> values, boolean dropDot) {
        return values.stream()
            .map(value -> value.trim().toLowerCase(Locale.ROOT))
            .map(value -> dropDot && value.startsWith(".") ? value.substring(1) : value)
            .filter(value -> !value.isEmpty())
            .collect(Collectors.toUnmodifiableSet());
    }
}
