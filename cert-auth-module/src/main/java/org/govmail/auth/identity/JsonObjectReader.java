package org.govmail.auth.identity;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;

/**
 * Reads a JWS header or payload: one JSON object in strict UTF-8, nothing after it, no duplicate member
 * names anywhere (a duplicate would let two parsers read two different claims from one signed payload).
 * Only the top-level members are kept, as String, Long or Boolean; anything else (null, fractions, huge
 * numbers, nested objects and arrays) becomes {@link #OTHER}, which no claim accepts. Nested values are
 * skipped without recursion, so deep nesting cannot exhaust the stack.
 */
final class JsonObjectReader {
    /** A member whose value govmail never uses as a claim. */
    static final Object OTHER = new Object() {
        @Override
        public String toString() {
            return "(unsupported JSON value)";
        }
    };

    private final JsonFactory factory = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();

    /** The object's top-level members; IllegalArgumentException if {@code utf8} is not exactly one JSON object. */
    Map<String, Object> read(byte[] utf8) {
        String text = strictUtf8(utf8);
        try (JsonParser parser = factory.createParser(text)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            Map<String, Object> members = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.getCurrentName();
                members.put(name, value(parser, parser.nextToken()));
            }
            if (parser.currentToken() != JsonToken.END_OBJECT || parser.nextToken() != null) {
                throw new IllegalArgumentException("content after the JSON object");
            }
            return Collections.unmodifiableMap(members);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new IllegalArgumentException("unreadable JSON", e);
        }
    }

    private static Object value(JsonParser parser, JsonToken token) throws IOException {
        if (token == null) {
            throw new IllegalArgumentException("truncated JSON");
        }
        return switch (token) {
            case VALUE_STRING -> parser.getText();
            case VALUE_TRUE, VALUE_FALSE -> parser.getBooleanValue();
            case VALUE_NUMBER_INT -> parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER ? OTHER : parser.getLongValue();
            case START_OBJECT, START_ARRAY -> {
                parser.skipChildren();
                yield OTHER;
            }
            default -> OTHER;
        };
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not UTF-8", e);
        }
    }
}
