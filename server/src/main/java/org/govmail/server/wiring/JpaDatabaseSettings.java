package org.govmail.server.wiring;

import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.apache.commons.configuration2.Configuration;

/**
 * What {@code conf/james-database.properties} says about the one database all JPA stores share.
 *
 * <p>Only the driver and URL are required; switching from embedded Derby to PostgreSQL is a matter of
 * changing these two lines and the credentials. Keys starting with {@code openjpa.} are handed to OpenJPA
 * unchanged and keys starting with {@code datasource.} become OpenJPA connection properties, so tuning
 * needs no code change.
 */
public record JpaDatabaseSettings(String driverClassName,
                                  String url,
                                  Optional<String> username,
                                  Optional<String> password,
                                  Map<String, String> openJpaProperties,
                                  Map<String, String> connectionProperties) {

    static final String DRIVER = "database.driverClassName";
    static final String URL = "database.url";
    static final String USERNAME = "database.username";
    static final String PASSWORD = "database.password";

    public JpaDatabaseSettings {
        if (driverClassName == null || driverClassName.isBlank()) {
            throw new IllegalArgumentException("james-database.properties: '" + DRIVER + "' is required");
        }
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("james-database.properties: '" + URL + "' is required");
        }
        openJpaProperties = Map.copyOf(openJpaProperties);
        connectionProperties = Map.copyOf(connectionProperties);
    }

    public static JpaDatabaseSettings from(Configuration properties) {
        return new JpaDatabaseSettings(
            properties.getString(DRIVER),
            properties.getString(URL),
            nonBlank(properties.getString(USERNAME, null)),
            nonBlank(properties.getString(PASSWORD, null)),
            withPrefix(properties, "openjpa", false),
            withPrefix(properties, "datasource", true));
    }

    /** The property map {@code Persistence.createEntityManagerFactory} receives. */
    public Map<String, String> toOpenJpaProperties() {
        Map<String, String> result = new HashMap<>();
        // Our own keys come last so a stray openjpa.ConnectionURL cannot silently override database.url.
        result.putAll(openJpaProperties);
        result.putIfAbsent("openjpa.Multithreaded", "true");
        result.put("openjpa.ConnectionDriverName", driverClassName);
        result.put("openjpa.ConnectionURL", url);
        username.ifPresent(value -> result.put("openjpa.ConnectionUserName", value));
        password.ifPresent(value -> result.put("openjpa.ConnectionPassword", value));
        if (!connectionProperties.isEmpty()) {
            StringBuilder joined = new StringBuilder();
            new TreeMap<>(connectionProperties).forEach((key, value) -> {
                if (joined.length() > 0) {
                    joined.append(',');
                }
                joined.append(key).append('=').append(value);
            });
            result.put("openjpa.ConnectionProperties", joined.toString());
        }
        return result;
    }

    @Override
    public String toString() {
        // Never print the password: this record ends up in start-up logs.
        return "JpaDatabaseSettings[driver=" + driverClassName + ", url=" + url
            + ", user=" + username.orElse("(none)") + "]";
    }

    private static Optional<String> nonBlank(String value) {
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    private static Map<String, String> withPrefix(Configuration properties, String prefix, boolean strip) {
        Map<String, String> result = new HashMap<>();
        Iterator<String> keys = properties.getKeys(prefix);
        while (keys.hasNext()) {
            String key = keys.next();
            result.put(strip ? key.substring(prefix.length() + 1) : key, properties.getString(key));
        }
        return result;
    }
}
