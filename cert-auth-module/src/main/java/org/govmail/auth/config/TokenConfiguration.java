package org.govmail.auth.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;

/**
 * {@code conf/govmail-tokens.xml}: the web front end's certificate login (challenge lifetime, rate limits),
 * the tokens it yields (issuer, lifetimes, signing keys) and the front ends allowed to use it. File
 * locations are James file URLs. Every element is documented in the file itself.
 */
public record TokenConfiguration(String issuer, Duration challengeTtl, Duration accessTtl, Duration refreshTtl,
                                 int perAddressPerMinute, int perAccountPerMinute, String activeKey, List<KeyLocation> signingKeys,
                                 Optional<String> devFolder, List<FrontEndLocations> frontEnds) {
    /** Longest access token lifetime accepted: the issue of a stolen token is bounded by it. */
    public static final Duration MAX_ACCESS_TTL = Duration.ofHours(1);

    /** A signing key file; {@code generate}: create a new key there when the file does not exist yet. */
    public record KeyLocation(String id, String file, boolean generate) {
    }

    /** A front end as configured: its secret file and the certificate files of its servers. */
    public record FrontEndLocations(String id, String secretFile, List<String> certificates) {
        public FrontEndLocations {
            certificates = List.copyOf(certificates);
        }
    }

    private static final String FILE = "govmail-tokens.xml";

    public TokenConfiguration {
        signingKeys = List.copyOf(signingKeys);
        frontEnds = List.copyOf(frontEnds);
    }

    public static TokenConfiguration read(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        Duration access = positive(conf, "accessToken[@lifetime]", Duration.ofMinutes(15));
        if (access.compareTo(MAX_ACCESS_TTL) > 0 || access.isNegative() || access.isZero()) {
            throw new ConfigurationException("accessToken@lifetime must be positive and at most PT1H, not " + access);
        }
        List<KeyLocation> keys = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> key : conf.configurationsAt("signingKeys.key")) {
            keys.add(new KeyLocation(ConfigValues.required(key.getString("[@id]"), "signingKeys.key@id", FILE),
                ConfigValues.required(key.getString("[@file]"), "signingKeys.key@file", FILE), key.getBoolean("[@generate]", false)));
        }
        if (keys.isEmpty()) {
            throw new ConfigurationException("govmail-tokens.xml declares no signingKeys.key");
        }
        String active = conf.getString("signingKeys[@active]", keys.get(keys.size() - 1).id());
        if (keys.stream().noneMatch(key -> key.id().equals(active))) {
            throw new ConfigurationException("signingKeys@active '" + active + "' names no configured key");
        }
        List<FrontEndLocations> frontEnds = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> frontEnd : conf.configurationsAt("frontEnds.frontEnd")) {
            String id = ConfigValues.required(frontEnd.getString("[@id]"), "frontEnds.frontEnd@id", FILE);
            frontEnds.add(new FrontEndLocations(id, ConfigValues.required(frontEnd.getString("[@secretFile]"), "frontEnd(" + id + ")@secretFile", FILE),
                frontEnd.getList(String.class, "certificate", List.of())));
        }
        return new TokenConfiguration(conf.getString("[@issuer]", "govmail"),
            positive(conf, "challenge[@lifetime]", Duration.ofMinutes(2)), access,
            positive(conf, "refreshToken[@lifetime]", Duration.ofHours(12)),
            conf.getInt("rateLimits[@perAddressPerMinute]", 30), conf.getInt("rateLimits[@perAccountPerMinute]", 10),
            active, keys, Optional.ofNullable(conf.getString("frontEnds[@devFolder]")).filter(folder -> !folder.isBlank()), frontEnds);
    }


    private static Duration positive(HierarchicalConfiguration<ImmutableNode> conf, String key, Duration fallback)
            throws ConfigurationException {
        Duration duration = ConfigValues.duration(conf, key, fallback, FILE);
        if (duration.isNegative() || duration.isZero()) {
            throw new ConfigurationException(FILE + ": " + key + " must be positive");
        }
        return duration;
    }
}
