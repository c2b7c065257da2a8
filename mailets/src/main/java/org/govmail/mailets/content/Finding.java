package org.govmail.mailets.content;

import java.util.Locale;
import java.util.Objects;

/**
 * One dangerous part of a message.
 *
 * @param partPath IMAP-style part number ({@code 1}, {@code 2.1}), so an administrator can find it in any client
 * @param fileName the decoded file name, empty when the part has none
 * @param detail what the reason refers to: the entry name for {@link Reason#ARCHIVE_ENTRY} and
 *               {@link Reason#ENCRYPTED_ARCHIVE}, the kind of executable for {@link Reason#DETECTED_CONTENT},
 *               the declared type for {@link Reason#CONTENT_TYPE}, the extension for {@link Reason#EXTENSION}
 */
public record Finding(String partPath, String fileName, Reason reason, String detail) {
    public enum Reason {
        EXTENSION, CONTENT_TYPE, DETECTED_CONTENT, ARCHIVE_ENTRY, ENCRYPTED_ARCHIVE;

        /** The token used in logs, headers and the quarantine reason. */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public Finding {
        Objects.requireNonNull(partPath);
        Objects.requireNonNull(fileName);
        Objects.requireNonNull(reason);
        Objects.requireNonNull(detail);
    }

    /** e.g. {@code setup.exe (extension)}, {@code docs.zip (archive-entry run.exe)}. */
    public String describe() {
        String name = fileName.isEmpty() ? "part " + partPath : fileName;
        // The extension is already visible in the name; every other detail is not.
        String what = reason == Reason.EXTENSION || detail.isEmpty() ? reason.label() : reason.label() + " " + detail;
        return name + " (" + what + ")";
    }
}
