package org.govmail.mailets.inbound;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Organizational domains (RFC 7489 section 3.2): a domain's registered name, one label below its public
 * suffix ({@code mail.mois.go.kr} → {@code mois.go.kr}). This is <b>not</b> the full Public Suffix List: it
 * knows a small list of suffixes (by default the Korean second-level and regional zones and a few generic
 * top-level domains) and, like the PSL's default rule, treats the last label of any other name as its
 * suffix. Enough for the government and the Korean domains this server trades with; a site that needs
 * more adds suffixes. Immutable.
 */
public final class OrganizationalDomains {
    /** The suffixes known by default. */
    public static final List<String> DEFAULT_SUFFIXES = List.of(
        "kr", "go.kr", "or.kr", "co.kr", "ac.kr", "re.kr", "ne.kr", "pe.kr", "mil.kr", "ms.kr", "hs.kr",
        "es.kr", "sc.kr", "kg.kr",
        "seoul.kr", "busan.kr", "daegu.kr", "incheon.kr", "gwangju.kr", "daejeon.kr", "ulsan.kr",
        "gyeonggi.kr", "gangwon.kr", "chungbuk.kr", "chungnam.kr", "jeonbuk.kr", "jeonnam.kr",
        "gyeongbuk.kr", "gyeongnam.kr", "jeju.kr",
        "com", "net", "org", "edu", "gov", "io");

    private final Set<String> suffixes;

    private OrganizationalDomains(Set<String> suffixes) {
        this.suffixes = suffixes;
    }

    public static OrganizationalDomains defaults() {
        return of(DEFAULT_SUFFIXES);
    }

    /** The default suffixes and these. */
    public static OrganizationalDomains withExtra(Collection<String> extra) {
        return of(Stream.concat(DEFAULT_SUFFIXES.stream(), extra.stream()).toList());
    }

    public static OrganizationalDomains of(Collection<String> suffixes) {
        return new OrganizationalDomains(suffixes.stream().map(OrganizationalDomains::normalize)
            .filter(suffix -> !suffix.isEmpty()).collect(Collectors.toUnmodifiableSet()));
    }

    /** The organizational domain, lower case; a public suffix itself or a single label is its own. */
    public String organizationalDomain(String domain) {
        String name = normalize(domain);
        String[] labels = name.split("\\.");
        if (labels.length < 2) {
            return name;
        }
        // Longest known suffix first; with none known the last label is the suffix.
        int suffixLabels = 1;
        for (int start = 0; start < labels.length; start++) {
            if (suffixes.contains(String.join(".", List.of(labels).subList(start, labels.length)))) {
                suffixLabels = labels.length - start;
                break;
            }
        }
        if (suffixLabels >= labels.length) {
            return name;
        }
        return String.join(".", List.of(labels).subList(labels.length - suffixLabels - 1, labels.length));
    }

    /** Relaxed alignment: the same organizational domain. */
    public boolean relaxedAligned(String a, String b) {
        return !normalize(a).isEmpty() && organizationalDomain(a).equals(organizationalDomain(b));
    }

    static String normalize(String domain) {
        String name = domain == null ? "" : domain.trim().toLowerCase(Locale.ROOT);
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}
