package org.govmail.auth.institution;

import java.util.List;
import java.util.Objects;

/**
 * An institution (기관): its code (e.g. the administrative code 1240000), its official name exactly as on
 * its institution certificate, its type, the mail domains its officials' addresses may use, and its
 * administrators.
 */
public record Institution(String code, String name, InstitutionType type, List<String> domains, List<Administrator> administrators) {
    public Institution {
        Objects.requireNonNull(code);
        Objects.requireNonNull(name);
        Objects.requireNonNull(type);
        domains = List.copyOf(domains);
        administrators = List.copyOf(administrators);
    }

    public boolean administeredBy(String account) {
        return administrators.stream().anyMatch(admin -> admin.account().equalsIgnoreCase(account));
    }
}
