package org.govmail.mailets.content;

/**
 * IMAP part numbers (RFC 3501 section 6.4.5), shared by the inspector and the remover so that a finding's
 * path names the same part in both: a multipart's children are {@code path.1 .. path.n}; a message's
 * multipart body takes the message's own path, a single-part body is {@code path.1}.
 */
final class MimeWalk {
    /** Nesting deeper than this is no real mail; stop rather than recurse without end. */
    static final int MAX_DEPTH = 32;

    private MimeWalk() {
    }

    static String child(String path, int index) {
        return path.isEmpty() ? Integer.toString(index) : path + "." + index;
    }

    static int depth(String path) {
        return path.isEmpty() ? 0 : path.split("\\.").length;
    }
}
