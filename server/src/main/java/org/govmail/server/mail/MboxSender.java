package org.govmail.server.mail;

import java.util.Optional;

/**
 * Chooses the address on a message's mbox separator line.
 *
 * <p>The mailbox store keeps no envelope, so the best record of the envelope sender is the
 * {@code Return-Path} header: James writes it at local delivery from the SMTP {@code MAIL FROM}
 * (replacing any the sender put there), and {@code Return-Path: <>} marks a bounce, written as
 * {@value MboxWriter#UNKNOWN_SENDER} as mbox tools do. A message that never went through delivery (saved
 * by a client with IMAP APPEND, e.g. in Sent or Drafts) has no Return-Path: its {@code From} address is
 * the closest thing. Without either, {@value MboxWriter#UNKNOWN_SENDER}.
 */
final class MboxSender {
    static final String RETURN_PATH = "Return-Path";
    static final String FROM = "From";

    private MboxSender() {
    }

    /**
     * @param returnPath the first Return-Path header value, if any
     * @param from       the first From header value, if any
     */
    static String choose(Optional<String> returnPath, Optional<String> from) {
        if (returnPath.isPresent()) {
            return address(returnPath.get()).orElse(MboxWriter.UNKNOWN_SENDER);
        }
        return from.flatMap(MboxSender::address).orElse(MboxWriter.UNKNOWN_SENDER);
    }

    /**
     * The address of a header value: what is inside the last angle brackets ({@code "Kim" <kim@gov.kr>},
     * {@code <kim@gov.kr>}), otherwise the first bare address with comments removed
     * ({@code kim@gov.kr (Kim)}). Empty for {@code <>} or anything that is not one blank-free token.
     */
    static Optional<String> address(String headerValue) {
        String value = headerValue.replaceAll("\\r?\\n[ \\t]+", " ").trim();
        String candidate;
        int close = value.lastIndexOf('>');
        int open = close < 0 ? -1 : value.lastIndexOf('<', close);
        if (open >= 0) {
            candidate = value.substring(open + 1, close);
        } else {
            String withoutComments = value.replaceAll("\\([^()]*\\)", " ").trim();
            int end = 0;
            while (end < withoutComments.length() && !Character.isWhitespace(withoutComments.charAt(end))
                && withoutComments.charAt(end) != ',') {
                end++;
            }
            candidate = withoutComments.substring(0, end);
        }
        candidate = candidate.trim();
        if (candidate.isEmpty() || !MboxWriter.usableSender(candidate).equals(candidate) || candidate.indexOf('<') >= 0) {
            return Optional.empty();
        }
        return Optional.of(candidate);
    }
}
