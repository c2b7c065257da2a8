package org.govmail.mailets.content;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What counts as a dangerous attachment: file extensions (the last one counts), declared content types,
 * whether zip archives are opened, whether an encrypted archive (which nobody can inspect) is dangerous,
 * and the bounds of that inspection.
 */
public record AttachmentRules(Set<String> extensions, Set<String> contentTypes, boolean inspectArchives,
                              boolean encryptedArchivesDangerous, int maxArchiveEntries, long maxArchiveBytes) {
    public static final List<String> DEFAULT_EXTENSIONS = List.of("exe", "scr", "com", "pif", "bat", "cmd", "vbs", "vbe",
        "js", "jse", "wsf", "wsh", "hta", "msi", "msp", "cpl", "jar", "ps1", "lnk", "reg", "dll", "iso", "img", "vhd");
    public static final List<String> DEFAULT_CONTENT_TYPES = List.of("application/x-msdownload", "application/x-msdos-program",
        "application/x-dosexec", "application/x-executable", "application/java-archive", "application/x-sh");

    public AttachmentRules {
        extensions = extensions.stream().map(AttachmentRules::fold).map(ext -> ext.startsWith(".") ? ext.substring(1) : ext)
            .collect(Collectors.toUnmodifiableSet());
        contentTypes = contentTypes.stream().map(AttachmentRules::fold).collect(Collectors.toUnmodifiableSet());
        if (maxArchiveEntries < 1 || maxArchiveBytes < 1) {
            throw new IllegalArgumentException("archive bounds must be positive");
        }
    }

    public static AttachmentRules defaults() {
        return new AttachmentRules(Set.copyOf(DEFAULT_EXTENSIONS), Set.copyOf(DEFAULT_CONTENT_TYPES), true, true, 1000, 64L * 1024 * 1024);
    }

    public boolean dangerousName(String fileName) {
        String name = fold(fileName);
        int dot = name.lastIndexOf('.');
        return dot >= 0 && extensions.contains(name.substring(dot + 1).strip());
    }

    public boolean dangerousType(String baseType) {
        return contentTypes.contains(fold(baseType));
    }

    private static String fold(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
