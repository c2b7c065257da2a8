package org.govmail.mailets.outbound;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;
import javax.mail.internet.MimeMessage;
import javax.mail.internet.MimeUtility;

/**
 * The marks that say a message carries classified content: values of configured headers
 * ({@code X-Security-Classification: 대외비}) and markers in the subject ({@code [비밀]}). Header values
 * compare case-insensitively after trimming; a header may list several values separated by commas.
 * Subject markers are searched anywhere in the decoded subject, so {@code RE: [대외비] 회의} is classified.
 */
public record ClassificationMarks(Map<String, Set<String>> headerValues, List<String> subjectMarkers) {
    public ClassificationMarks {
        headerValues = headerValues.entrySet().stream().collect(Collectors.toUnmodifiableMap(
            entry -> entry.getKey(),
            entry -> entry.getValue().stream().map(ClassificationMarks::fold).collect(Collectors.toUnmodifiableSet())));
        subjectMarkers = List.copyOf(subjectMarkers);
    }

    /** The mark found, described for the log and the bounce ({@code subject [대외비]}), if any. */
    public Optional<String> find(MimeMessage message) throws MessagingException {
        String subject = decodedSubject(message);
        for (String marker : subjectMarkers) {
            if (subject.contains(marker)) {
                return Optional.of("subject " + marker);
            }
        }
        for (Map.Entry<String, Set<String>> header : headerValues.entrySet()) {
            String[] values = message.getHeader(header.getKey());
            if (values == null) {
                continue;
            }
            for (String value : values) {
                for (String item : decode(value).split(",")) {
                    if (header.getValue().contains(fold(item))) {
                        return Optional.of(header.getKey() + ": " + item.trim());
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static String decodedSubject(MimeMessage message) throws MessagingException {
        String subject = message.getSubject();
        return subject == null ? "" : rawUtf8(subject);
    }

    private static String decode(String value) {
        try {
            return rawUtf8(MimeUtility.decodeText(MimeUtility.unfold(value)));
        } catch (java.io.UnsupportedEncodingException e) {
            return rawUtf8(value);
        }
    }

    /**
     * A header written in raw UTF-8 (RFC 6532, what many clients send for Korean) reaches javax.mail as
     * one char per byte; read it as the UTF-8 it is, or a raw {@code [대외비]} would slip past the check.
     */
    static String rawUtf8(String value) {
        if (value.chars().anyMatch(c -> c > 0xFF) || value.chars().noneMatch(c -> c >= 0x80)) {
            return value;
        }
        try {
            return java.nio.charset.StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .decode(java.nio.ByteBuffer.wrap(value.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1))).toString();
        } catch (java.nio.charset.CharacterCodingException e) {
            return value;
        }
    }

    private static String fold(String value) {
        return value.trim().toLowerCase(Locale.ROOT);
    }
}
