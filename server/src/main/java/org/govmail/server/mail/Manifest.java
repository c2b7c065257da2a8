package org.govmail.server.mail;

import java.time.Instant;
import java.util.List;

/**
 * The {@code manifest.json} of an archive ZIP: whose mail, when, and for each folder its ZIP entry and the
 * number of messages written there, so a person (or a script) can check the archive is complete without
 * parsing every mbox. Written by hand: a handful of strings needs no JSON library.
 */
record Manifest(String account, Instant exportedAt, List<Entry> entries) {
    /** One folder: its archive name, its ZIP entry, how many messages the entry holds. */
    record Entry(String folder, String entry, long messages) {
    }

    Manifest {
        entries = List.copyOf(entries);
    }

    String toJson() {
        StringBuilder json = new StringBuilder();
        json.append("{\n  \"account\": ").append(quote(account))
            .append(",\n  \"exportedAt\": ").append(quote(exportedAt.toString()))
            .append(",\n  \"format\": \"mboxrd\"")
            .append(",\n  \"folders\": [");
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            json.append(i == 0 ? "\n" : ",\n")
                .append("    {\"name\": ").append(quote(entry.folder()))
                .append(", \"file\": ").append(quote(entry.entry()))
                .append(", \"messages\": ").append(entry.messages()).append('}');
        }
        json.append(entries.isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return json.toString();
    }

    static String quote(String value) {
        StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
