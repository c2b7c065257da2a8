package org.govmail.mailets.routing;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The other government mail domains: exact names ({@code mois.go.kr}) and suffix patterns
 * ({@code *.go.kr}, which matches {@code moe.go.kr} and {@code a.b.go.kr} but not {@code go.kr} itself).
 * Immutable; names are compared case-insensitively and without a trailing dot.
 */
public final class GovernmentDomains {
    private final Set<String> exact;
    private final List<String> suffixes;

    private GovernmentDomains(Set<String> exact, List<String> suffixes) {
        this.exact = exact;
        this.suffixes = suffixes;
    }

    /** @param entries domain names and {@code *.}-patterns, as written in {@code govmail-routing.xml} */
    public static GovernmentDomains of(List<String> entries) {
        Set<String> exact = entries.stream().map(GovernmentDomains::normalize)
            .filter(entry -> !entry.startsWith("*.")).collect(Collectors.toUnmodifiableSet());
        List<String> suffixes = entries.stream().map(GovernmentDomains::normalize)
            .filter(entry -> entry.startsWith("*.")).map(entry -> entry.substring(1)).toList();
        for (String entry : entries) {
            String normalized = normalize(entry);
            if (normalized.isEmpty() || normalized.substring(normalized.startsWith("*.") ? 2 : 0).contains("*")) {
                throw new IllegalArgumentException("bad government domain entry '" + entry + "': a domain name or *.suffix");
            }
        }
        return new GovernmentDomains(exact, suffixes);
    }

    public boolean contains(String domain) {
        String name = normalize(domain);
        return exact.contains(name) || suffixes.stream().anyMatch(name::endsWith);
    }

    static String normalize(String domain) {
        String name = domain.trim().toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }

    @Override
    public String toString() {
        return exact + " *" + suffixes;
    }
}
