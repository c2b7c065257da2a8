package org.govmail.auth.identity;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.govmail.auth.config.ConfigValues;

/**
 * {@code conf/identity-providers.xml}: the identity providers whose assertions sign-up accepts (step 2,
 * mobile phone or i-PIN verification), and how fresh those must be. Key locations are James file URLs
 * ({@code file://conf/...}, relative to the server folder). See the shipped file for every element.
 *
 * <pre>{@code
 * <identityProviders maxAge="PT10M" clockSkew="PT1M" devFolder="var/identity/dev">
 *     <provider id="govmail-dev" keyId="govmail-dev-1" methods="mobile,ipin" publicKey="file://var/identity/dev/dev-provider.pem"/>
 *     <provider id="nice" methods="mobile">
 *         <key id="nice-2025" publicKey="file://conf/identity/nice-2025.pem"/>
 *     </provider>
 * </identityProviders>
 * }</pre>
 */
public record IdentityProvidersConfiguration(Duration maxAge, Duration clockSkew, Optional<String> devFolder,
                                             List<ProviderLocation> providers) {
    public static final Duration DEFAULT_MAX_AGE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(1);
    /** Beyond these a value is a typing mistake rather than a policy (and would bloat the nonce table). */
    static final Duration MAX_MAX_AGE = Duration.ofHours(24);
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(10);

    /** A key as configured: its file still to be read. */
    public record KeyLocation(String keyId, String publicKey) {
    }

    public record ProviderLocation(String id, Set<String> methods, List<KeyLocation> keys) {
        public ProviderLocation {
            methods = Set.copyOf(methods);
            keys = List.copyOf(keys);
        }
    }

    public IdentityProvidersConfiguration {
        providers = List.copyOf(providers);
    }

    public static IdentityProvidersConfiguration read(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        Duration maxAge = ConfigValues.duration(conf, "[@maxAge]", DEFAULT_MAX_AGE, "identity-providers.xml");
        Duration clockSkew = ConfigValues.duration(conf, "[@clockSkew]", DEFAULT_CLOCK_SKEW, "identity-providers.xml");
        if (maxAge.isZero() || maxAge.isNegative() || maxAge.compareTo(MAX_MAX_AGE) > 0) {
            throw new ConfigurationException("identity-providers.xml: maxAge must be positive and at most " + MAX_MAX_AGE);
        }
        if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
            throw new ConfigurationException("identity-providers.xml: clockSkew must be between PT0S and " + MAX_CLOCK_SKEW);
        }
        List<ProviderLocation> providers = new ArrayList<>();
        Set<String> keyIds = new HashSet<>();
        for (HierarchicalConfiguration<ImmutableNode> provider : conf.configurationsAt("provider")) {
            ProviderLocation location = provider(provider);
            for (KeyLocation key : location.keys()) {
                if (!keyIds.add(key.keyId())) {
                    throw new ConfigurationException("identity-providers.xml: key id " + key.keyId() + " is used twice");
                }
            }
            providers.add(location);
        }
        String devFolder = conf.getString("[@devFolder]", "").trim();
        return new IdentityProvidersConfiguration(maxAge, clockSkew, devFolder.isEmpty() ? Optional.empty() : Optional.of(devFolder),
            providers);
    }

    /** Reads the configured key files; {@code resolver} turns a James file URL into a path. */
    public List<IdentityProvider> load(Function<String, Path> resolver) throws ConfigurationException {
        List<IdentityProvider> loaded = new ArrayList<>();
        for (ProviderLocation provider : providers) {
            for (KeyLocation key : provider.keys()) {
                try {
                    String pem = Files.readString(resolver.apply(key.publicKey()), StandardCharsets.US_ASCII);
                    loaded.add(new IdentityProvider(provider.id(), key.keyId(), provider.methods(), PemKeys.readPublicKey(pem)));
                } catch (IOException | RuntimeException e) {
                    throw new ConfigurationException("identity-providers.xml: provider " + provider.id() + " key " + key.keyId()
                        + " (" + key.publicKey() + "): " + e.getMessage(), e);
                }
            }
        }
        return List.copyOf(loaded);
    }

    private static ProviderLocation provider(HierarchicalConfiguration<ImmutableNode> provider) throws ConfigurationException {
        String id = required(provider, "[@id]", "provider@id");
        Set<String> methods = new LinkedHashSet<>();
        for (String method : required(provider, "[@methods]", "provider(" + id + ")@methods").split(",")) {
            if (!method.isBlank()) {
                methods.add(method.trim());
            }
        }
        if (methods.isEmpty() || !IdentityProvider.METHODS.containsAll(methods)) {
            throw new ConfigurationException("identity-providers.xml: provider " + id + ": methods must be a comma-separated list of "
                + IdentityProvider.METHODS + ", not " + methods);
        }
        List<KeyLocation> keys = new ArrayList<>();
        String keyId = provider.getString("[@keyId]", "").trim();
        String publicKey = provider.getString("[@publicKey]", "").trim();
        if (!keyId.isEmpty() || !publicKey.isEmpty()) {
            if (keyId.isEmpty() || publicKey.isEmpty()) {
                throw new ConfigurationException("identity-providers.xml: provider " + id + ": keyId and publicKey go together");
            }
            keys.add(new KeyLocation(keyId, publicKey));
        }
        for (HierarchicalConfiguration<ImmutableNode> key : provider.configurationsAt("key")) {
            keys.add(new KeyLocation(required(key, "[@id]", "provider(" + id + ").key@id"),
                required(key, "[@publicKey]", "provider(" + id + ").key@publicKey")));
        }
        if (keys.isEmpty()) {
            throw new ConfigurationException("identity-providers.xml: provider " + id + " has no key (keyId/publicKey or <key>)");
        }
        return new ProviderLocation(id, methods, keys);
    }

    private static String required(HierarchicalConfiguration<ImmutableNode> conf, String key, String name) throws ConfigurationException {
        String value = conf.getString(key, "").trim();
        if (value.isEmpty()) {
            throw new ConfigurationException("identity-providers.xml: " + name + " is required");
        }
        return value;
    }
}
