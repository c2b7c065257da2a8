package org.govmail.auth.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/** How govmail's configuration files read their values: one wording for every file's mistakes. */
public final class ConfigValues {
    private ConfigValues() {
    }

    /** An ISO-8601 duration ({@code PT2M}, {@code P30D}); {@code fallback} when absent or blank. */
    public static Duration duration(HierarchicalConfiguration<ImmutableNode> conf, String key, Duration fallback, String file)
            throws ConfigurationException {
        String value = conf.getString(key, "").trim();
        if (value.isEmpty()) {
            return fallback;
        }
        try {
            return Duration.parse(value);
        } catch (DateTimeParseException e) {
            throw new ConfigurationException(file + ": " + key + ": '" + value + "' is not an ISO-8601 duration such as PT30M or P30D");
        }
    }

    /** The value, which must be present and not blank. */
    public static String required(String value, String key, String file) throws ConfigurationException {
        if (value == null || value.isBlank()) {
            throw new ConfigurationException(file + ": " + key + " is required");
        }
        return value;
    }
}
