package org.govmail.server.mail;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Folder names as the archive shows them, and the ZIP entry each folder is written to.
 *
 * <p>James names a nested mailbox with its own hierarchy delimiter ({@code Projects.2026} with the default
 * '.'); the archive always uses '/' ({@code Projects/2026}), so callers never depend on James'
 * configuration. A level that itself contains '/' (possible when James' delimiter is '.') is written with
 * {@code %2F} (and '%' as {@code %25}), so two different mailboxes never get the same folder name.
 */
final class FolderNames {
    static final char DELIMITER = '/';
    static final String INBOX = "INBOX";
    static final String MBOX_SUFFIX = ".mbox";

    private FolderNames() {
    }

    /** The archive's name for the James mailbox name {@code mailboxName}. */
    static String folderName(String mailboxName, char jamesDelimiter) {
        List<String> levels = split(mailboxName, jamesDelimiter);
        List<String> escaped = new ArrayList<>(levels.size());
        for (String level : levels) {
            escaped.add(level.replace("%", "%25").replace("/", "%2F"));
        }
        return String.join(String.valueOf(DELIMITER), escaped);
    }

    /** Whether a folder name given by a caller designates {@code folderName} (INBOX in any case, as in IMAP). */
    static boolean designates(String requested, String folderName) {
        if (requested.equals(folderName)) {
            return true;
        }
        return folderName.equals(INBOX) && requested.equalsIgnoreCase(INBOX);
    }

    /**
     * The ZIP entry of a folder: its levels as a relative path plus {@value #MBOX_SUFFIX}. Whatever a user
     * named a folder, the entry stays inside the directory it is unpacked into: levels that are empty,
     * {@code .} or {@code ..} become {@code _}, and backslashes, colons and control characters (path syntax
     * on some systems) become {@code _}. If that makes two folders collide, later ones get {@code ~2},
     * {@code ~3}... before the suffix; {@code taken} holds the entry names used so far.
     */
    static String entryName(String folderName, Set<String> taken) {
        List<String> levels = split(folderName, DELIMITER);
        List<String> safe = new ArrayList<>(levels.size());
        for (String level : levels) {
            safe.add(safeLevel(level));
        }
        String base = String.join("/", safe);
        String name = base + MBOX_SUFFIX;
        for (int n = 2; taken.contains(name); n++) {
            name = base + "~" + n + MBOX_SUFFIX;
        }
        return name;
    }

    private static String safeLevel(String level) {
        if (level.isEmpty() || level.equals(".") || level.equals("..")) {
            return "_";
        }
        StringBuilder safe = new StringBuilder(level.length());
        level.codePoints().forEach(c -> {
            boolean pathSyntax = c == '\\' || c == ':' || Character.isISOControl(c);
            safe.appendCodePoint(pathSyntax ? '_' : c);
        });
        return safe.toString();
    }

    /** Splits on every delimiter, keeping empty levels (String.split would drop trailing ones). */
    private static List<String> split(String name, char delimiter) {
        List<String> levels = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == delimiter) {
                levels.add(name.substring(start, i));
                start = i + 1;
            }
        }
        levels.add(name.substring(start));
        return levels;
    }
}
