package org.govmail.mailets.inbound;

import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import org.apache.james.jdkim.api.Headers;

/**
 * A message's header fields exactly as received (folding kept) and its body, with line ends made CRLF,
 * which is what DKIM canonicalization works on. Parsed by hand rather than by mime4j so that no byte of a
 * header is rewritten before it is hashed.
 *
 * <p>Fields are held as strings decoded with the platform charset because jDKIM hashes them with
 * {@code String.getBytes()} (platform charset): decoding with the same charset gives the received bytes
 * back for any header that charset can represent (all ASCII headers, which is what RFC 5322 allows).
 */
final class RawMessage implements Headers {
    private static final String DKIM_SIGNATURE = "DKIM-Signature";

    private final List<String> fields;
    private final byte[] body;

    private RawMessage(List<String> fields, byte[] body) {
        this.fields = List.copyOf(fields);
        this.body = body;
    }

    static RawMessage parse(byte[] raw) {
        byte[] message = withCrlf(raw);
        int separator = indexOf(message, new byte[] {'\r', '\n', '\r', '\n'});
        int headerEnd = separator < 0 ? message.length : separator + 2;
        int bodyStart = separator < 0 ? message.length : separator + 4;
        if (startsWith(message, new byte[] {'\r', '\n'})) {
            headerEnd = 0;
            bodyStart = 2;
        }
        String headerBlock = new String(message, 0, headerEnd, Charset.defaultCharset());
        List<String> fields = new ArrayList<>();
        for (String line : headerBlock.split("\r\n")) {
            if (line.isEmpty()) {
                continue;
            }
            boolean continuation = line.charAt(0) == ' ' || line.charAt(0) == '\t';
            if (continuation && !fields.isEmpty()) {
                fields.set(fields.size() - 1, fields.get(fields.size() - 1) + "\r\n" + line);
            } else {
                fields.add(line);
            }
        }
        return new RawMessage(fields, Arrays.copyOfRange(message, bodyStart, message.length));
    }

    @Override
    public List<String> getFields() {
        return fields;
    }

    @Override
    public List<String> getFields(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return fields.stream().filter(field -> nameOf(field).equals(wanted)).toList();
    }

    byte[] body() {
        return body.clone();
    }

    List<String> signatures() {
        return getFields(DKIM_SIGNATURE);
    }

    /** These headers with only one of the DKIM-Signature fields, to verify that signature on its own. */
    Headers withOnlySignature(String signature) {
        return new Headers() {
            @Override
            public List<String> getFields() {
                return fields.stream().filter(field -> field.equals(signature) || !isSignature(field)).toList();
            }

            @Override
            public List<String> getFields(String name) {
                return DKIM_SIGNATURE.equalsIgnoreCase(name.trim()) ? List.of(signature) : RawMessage.this.getFields(name);
            }
        };
    }

    /** The value of a field, after the colon, folding kept. */
    static String valueOf(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? "" : field.substring(colon + 1);
    }

    private static boolean isSignature(String field) {
        return nameOf(field).equals(DKIM_SIGNATURE.toLowerCase(Locale.ROOT));
    }

    private static String nameOf(String field) {
        int colon = field.indexOf(':');
        return colon < 0 ? "" : field.substring(0, colon).trim().toLowerCase(Locale.ROOT);
    }

    private static byte[] withCrlf(byte[] raw) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length + 64);
        for (int i = 0; i < raw.length; i++) {
            byte b = raw[i];
            if (b == '\r') {
                out.write('\r');
                out.write('\n');
                if (i + 1 < raw.length && raw[i + 1] == '\n') {
                    i++;
                }
            } else if (b == '\n') {
                out.write('\r');
                out.write('\n');
            } else {
                out.write(b);
            }
        }
        return out.toByteArray();
    }

    private static boolean startsWith(byte[] data, byte[] prefix) {
        return data.length >= prefix.length && Arrays.equals(data, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
