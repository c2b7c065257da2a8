package org.govmail.mailets;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.mail.MessagingException;

import org.apache.mailet.MailetConfig;

/**
 * A mailet's parameters, read strictly: a value that does not parse stops the server at start rather than
 * quietly falling back to a default nobody chose.
 */
final class MailetParameters {
    private final MailetConfig config;

    MailetParameters(MailetConfig config) {
        this.config = config;
    }

    String string(String name, String fallback) {
        return value(name).orElse(fallback);
    }

    /** A comma list; when given it replaces the default entirely. */
    Set<String> list(String name, Set<String> fallback) {
        return value(name)
            .map(value -> Arrays.stream(value.split(",")).map(String::trim).filter(item -> !item.isEmpty())
                .collect(Collectors.toUnmodifiableSet()))
            .orElse(fallback);
    }

    boolean bool(String name, boolean fallback) throws MessagingException {
        return choice(name, Boolean.toString(fallback), "true", "false").equals("true");
    }

    long positive(String name, long fallback, long max) throws MessagingException {
        String value = string(name, Long.toString(fallback));
        try {
            long number = Long.parseLong(value);
            if (number >= 1 && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the range
        }
        throw new MessagingException(config.getMailetName() + ": " + name + " must be a number from 1 to " + max + ", not " + value);
    }

    String choice(String name, String fallback, String... allowed) throws MessagingException {
        String value = string(name, fallback).toLowerCase(Locale.ROOT);
        if (!Arrays.asList(allowed).contains(value)) {
            throw new MessagingException(config.getMailetName() + ": " + name + " must be one of "
                + String.join(", ", allowed) + ", not " + value);
        }
        return value;
    }

    Duration duration(String name, String fallback) throws MessagingException {
        String value = string(name, fallback);
        try {
            Duration duration = Duration.parse(value);
            if (!duration.isNegative() && !duration.isZero()) {
                return duration;
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        throw new MessagingException(config.getMailetName() + ": " + name + " must be a positive ISO-8601 duration (PT30S), not " + value);
    }

    private Optional<String> value(String name) {
        return Optional.ofNullable(config.getInitParameter(name)).map(String::trim).filter(value -> !value.isEmpty());
    }
}
