package org.govmail.server.search;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;

/**
 * Rewrites a message's header block into the spelling the search index can match ({@link SearchableText}):
 * each field unfolded, RFC 2047 encoded words and raw UTF-8 (RFC 6532) decoded, then escaped. Only the
 * index sees the result; the stored message is never changed.
 *
 * <p>{@code Content-*} and {@code MIME-Version} fields pass through byte for byte: the parser that feeds
 * the index needs the boundary and transfer encoding exactly as the body was written.
 */
public final class SearchableHeaders {
    private static final byte[] CRLF = {'\r', '\n'};
    private static final Pattern FOLD = Pattern.compile("\r?\n(?=[ \t])");

    private SearchableHeaders() {
    }

    /**
     * @param headerBlock the header bytes of a message (the blank line that ends them may or may not be
     *     included)
     * @return the rewritten header block, ending with the blank line
     */
    public static byte[] rewrite(byte[] headerBlock) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(headerBlock.length + 256);
        int fieldStart = -1;
        int lineStart = 0;
        while (lineStart < headerBlock.length) {
            int lineEnd = indexOf(headerBlock, (byte) '\n', lineStart);
            int next = lineEnd < 0 ? headerBlock.length : lineEnd + 1;
            int contentEnd = lineEnd < 0 ? headerBlock.length : lineEnd;
            if (contentEnd > lineStart && headerBlock[contentEnd - 1] == '\r') {
                contentEnd--;
            }
            boolean blank = contentEnd == lineStart;
            boolean continuation = !blank && (headerBlock[lineStart] == ' ' || headerBlock[lineStart] == '\t');
            if (!continuation && fieldStart >= 0) {
                writeField(out, Arrays.copyOfRange(headerBlock, fieldStart, lineStart));
                fieldStart = -1;
            }
            if (blank) {
                break;
            }
            if (!continuation || fieldStart < 0) {
                fieldStart = lineStart;
            }
            lineStart = next;
        }
        if (fieldStart >= 0) {
            writeField(out, Arrays.copyOfRange(headerBlock, fieldStart, Math.min(lineStart, headerBlock.length)));
        }
        out.writeBytes(CRLF);
        return out.toByteArray();
    }

    private static void writeField(ByteArrayOutputStream out, byte[] field) {
        int colon = indexOf(field, (byte) ':', 0);
        if (colon <= 0) {
            // Not a field (a stray line): the index parser skips it, so may we.
            return;
        }
        String name = new String(field, 0, colon, StandardCharsets.ISO_8859_1).trim();
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("content-") || lower.equals("mime-version")) {
            out.writeBytes(trimLineEnd(field));
            out.writeBytes(CRLF);
            return;
        }
        String raw = decodeBytes(Arrays.copyOfRange(field, colon + 1, field.length));
        String unfolded = FOLD.matcher(raw).replaceAll("").trim();
        String decoded = DecoderUtil.decodeEncodedWords(unfolded, DecodeMonitor.SILENT);
        String value = SearchableText.forHeader(name, decoded);
        out.writeBytes((name + ": " + value).getBytes(StandardCharsets.ISO_8859_1));
        out.writeBytes(CRLF);
    }

    /** UTF-8 when the bytes are valid UTF-8 (all ASCII is), otherwise ISO-8859-1 as the index parser reads them. */
    private static String decodeBytes(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }

    private static byte[] trimLineEnd(byte[] field) {
        int end = field.length;
        while (end > 0 && (field[end - 1] == '\n' || field[end - 1] == '\r')) {
            end--;
        }
        return Arrays.copyOf(field, end);
    }

    private static int indexOf(byte[] bytes, byte wanted, int from) {
        for (int i = from; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
