package org.govmail.mailets.content;

import java.io.UnsupportedEncodingException;
import java.util.Locale;
import java.util.Optional;

import javax.mail.MessagingException;
import javax.mail.Part;
import javax.mail.internet.MimeUtility;

/**
 * A part's file name as the recipient's client will save it, and the extension that decides how it runs.
 */
final class FileNames {
    private FileNames() {
    }

    /**
     * From Content-Disposition {@code filename} or else Content-Type {@code name}; RFC 2231 is decoded by
     * JavaMail, RFC 2047 here (JavaMail leaves it by default, but Korean clients still send it).
     */
    static Optional<String> of(Part part) {
        String raw;
        try {
            raw = part.getFileName();
        } catch (MessagingException e) {
            // A header JavaMail cannot parse is one a lenient client may still read: judge its raw text.
            raw = rawDisposition(part);
        }
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(MimeUtility.decodeText(raw));
        } catch (UnsupportedEncodingException e) {
            return Optional.of(raw);
        }
    }

    /**
     * The last extension, lower case. Windows ignores trailing dots and spaces ({@code setup.exe.} runs as
     * {@code setup.exe}) and only the last path segment is the name.
     */
    static String extension(String fileName) {
        String name = fileName.replaceAll("[.\\s\"';]+$", "");
        name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String rawDisposition(Part part) {
        try {
            String[] values = part.getHeader("Content-Disposition");
            return values == null ? null : MimeUtility.unfold(values[0]);
        } catch (MessagingException e) {
            return null;
        }
    }
}
