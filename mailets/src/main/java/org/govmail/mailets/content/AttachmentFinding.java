package org.govmail.mailets.content;

/**
 * A dangerous part: where it is ({@code 2.1}: the first part of the second part), its file name (or
 * {@code -}), why, and for an archive the entry that made it dangerous.
 */
public record AttachmentFinding(String partPath, String fileName, Reason reason, String detail) {
    public enum Reason {
        EXTENSION, CONTENT_TYPE, DETECTED_CONTENT, ARCHIVE_ENTRY, ENCRYPTED_ARCHIVE, UNINSPECTABLE_ARCHIVE;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }
    }

    /** {@code setup.exe (extension)}, {@code docs.zip (archive-entry run.exe)}: for logs and notices. */
    public String describe() {
        return fileName + " (" + reason.word() + (detail.isEmpty() ? "" : " " + detail) + ")";
    }
}
