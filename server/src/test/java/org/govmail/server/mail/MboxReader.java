package org.govmail.server.mail;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** An mboxrd reader for tests: splits on unquoted "From " lines and undoes the quoting. */
final class MboxReader {
    private static final Pattern QUOTED_FROM = Pattern.compile("^>+From .*");

    record Message(String sender, String date, String text) {
    }

    private MboxReader() {
    }

    static List<Message> parse(byte[] mbox) {
        String all = new String(mbox, StandardCharsets.UTF_8);
        if (!all.isEmpty() && !all.endsWith("\n")) {
            throw new IllegalArgumentException("mbox does not end with a line end");
        }
        List<Message> messages = new ArrayList<>();
        String sender = null;
        String date = null;
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < all.length()) {
            int end = all.indexOf('\n', start);
            String line = all.substring(start, end);
            start = end + 1;
            if (line.startsWith("From ")) {
                if (sender != null) {
                    messages.add(message(sender, date, lines));
                }
                String[] parts = line.split(" ", 3);
                sender = parts[1];
                date = parts[2];
                lines.clear();
            } else if (sender == null) {
                throw new IllegalArgumentException("mbox does not start with a From line: " + line);
            } else {
                lines.add(QUOTED_FROM.matcher(line).matches() ? line.substring(1) : line);
            }
        }
        if (sender != null) {
            messages.add(message(sender, date, lines));
        }
        return messages;
    }

    private static Message message(String sender, String date, List<String> lines) {
        if (lines.isEmpty() || !lines.get(lines.size() - 1).isEmpty()) {
            throw new IllegalArgumentException("message from " + sender + " is not followed by a blank line");
        }
        StringBuilder text = new StringBuilder();
        for (String line : lines.subList(0, lines.size() - 1)) {
            text.append(line).append('\n');
        }
        return new Message(sender, date, text.toString());
    }
}
