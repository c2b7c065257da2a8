package org.govmail.auth.config;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

import org.apache.commons.configuration2.HierarchicalConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.tree.ImmutableNode;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.cert.NameRule;
import org.govmail.auth.cert.PkiScheme;
import org.govmail.auth.cert.PkiSettings;
import org.govmail.auth.revocation.CrlRevocationSource.RevocationSettings;
import org.govmail.auth.revocation.OcspRevocationSource.OcspSettings;

/**
 * {@code conf/govmail-auth.xml}: the certificate gate, the accepted PKI schemes and revocation.
 * Certificate locations are James file URLs ({@code file://conf/...}, relative to the server folder).
 * {@code ocsp} is {@link OcspSettings#DISABLED} unless {@code <revocation><ocsp enabled="true"/>} says otherwise.
 */
public record AuthConfiguration(boolean requireCertificate, int passwordIterations, int maxFailures, Duration failureWindow,
                                Optional<String> devPkiFolder, List<SchemeLocations> schemes, List<String> npkiArcs,
                                RevocationSettings revocation, OcspSettings ocsp) {

    /** A scheme as configured: certificate file locations still to be read. */
    public record SchemeLocations(String name, List<String> trustAnchors, List<String> intermediates,
                                  List<String> policyArcs, NameRule nameRule) {
    }

    private static final String FILE = "govmail-auth.xml";

    public static AuthConfiguration read(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        List<SchemeLocations> schemes = new ArrayList<>();
        for (HierarchicalConfiguration<ImmutableNode> scheme : conf.configurationsAt("pki.scheme")) {
            String name = ConfigValues.required(scheme.getString("[@name]", null), "pki.scheme@name", FILE);
            try {
                schemes.add(new SchemeLocations(name, list(scheme, "trustAnchor"), list(scheme, "intermediate"),
                    list(scheme, "policyArc"),
                    NameRule.of(scheme.getString("nameRule[@attribute]", "CN"), ConfigValues.required(scheme.getString("nameRule[@pattern]", null),
                        "pki.scheme(" + name + ").nameRule@pattern", FILE))));
            } catch (RuntimeException e) {
                throw new ConfigurationException("pki.scheme " + name + ": " + e.getMessage(), e);
            }
        }
        if (schemes.isEmpty()) {
            throw new ConfigurationException("govmail-auth.xml declares no pki.scheme");
        }
        List<String> npki = list(conf, "pki.npkiPolicyArc");
        RevocationSettings revocation = new RevocationSettings(
            list(conf, "revocation.crl").stream().map(URI::create).toList(),
            conf.getBoolean("revocation[@useDistributionPoints]", true),
            conf.getBoolean("revocation[@requireRevocationInfo]", true),
            Duration.ofSeconds(conf.getLong("revocation[@fetchTimeoutSeconds]", 5)),
            Duration.ofSeconds(conf.getLong("revocation[@retryAfterFailureSeconds]", 30)),
            Duration.ofHours(conf.getLong("revocation[@maxAgeWithoutNextUpdateHours]", 24)));
        return new AuthConfiguration(
            conf.getBoolean("gate[@requireCertificate]", true),
            conf.getInt("gate.passwordIterations", 100_000),
            conf.getInt("gate.throttle[@maxFailures]", 10),
            Duration.ofSeconds(conf.getLong("gate.throttle[@windowSeconds]", 300)),
            Optional.ofNullable(conf.getString("pki[@devFolder]", null)),
            schemes,
            npki.isEmpty() ? PkiSettings.DEFAULT_NPKI_ARCS : npki,
            revocation,
            ocsp(conf));
    }

    private static OcspSettings ocsp(HierarchicalConfiguration<ImmutableNode> conf) throws ConfigurationException {
        OcspSettings defaults = OcspSettings.DISABLED;
        String responder = conf.getString("revocation.ocsp[@responder]", "").trim();
        try {
            return new OcspSettings(
                conf.getBoolean("revocation.ocsp[@enabled]", defaults.enabled()),
                responder.isEmpty() ? Optional.empty() : Optional.of(URI.create(responder)),
                Duration.ofSeconds(conf.getLong("revocation.ocsp[@timeoutSeconds]", defaults.timeout().toSeconds())),
                conf.getBoolean("revocation.ocsp[@sendNonce]", defaults.sendNonce()),
                conf.getBoolean("revocation.ocsp[@requireNonce]", defaults.requireNonce()),
                Duration.ofSeconds(conf.getLong("revocation.ocsp[@maxAgeWithoutNextUpdateSeconds]",
                    defaults.maxAgeWithoutNextUpdate().toSeconds())));
        } catch (RuntimeException e) {
            throw new ConfigurationException("govmail-auth.xml revocation.ocsp: " + e.getMessage(), e);
        }
    }

    /** Reads the configured certificate files. */
    public PkiSettings pkiSettings(Function<String, Path> resolver) throws ConfigurationException {
        List<PkiScheme> loaded = new ArrayList<>();
        for (SchemeLocations scheme : schemes) {
            loaded.add(new PkiScheme(scheme.name(), certificates(scheme.trustAnchors(), resolver),
                certificates(scheme.intermediates(), resolver), scheme.policyArcs(), scheme.nameRule()));
        }
        return new PkiSettings(loaded, npkiArcs);
    }

    private static List<X509Certificate> certificates(List<String> locations, Function<String, Path> resolver)
            throws ConfigurationException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String location : locations) {
            try {
                certificates.addAll(Certificates.parseAll(Files.readAllBytes(resolver.apply(location))));
            } catch (IOException | GovmailAuthException e) {
                throw new ConfigurationException("cannot read certificates from " + location + ": " + e.getMessage(), e);
            }
        }
        return certificates;
    }

    private static List<String> list(HierarchicalConfiguration<ImmutableNode> conf, String key) {
        return Arrays.stream(conf.getStringArray(key)).map(String::trim).filter(value -> !value.isEmpty()).toList();
    }

}
