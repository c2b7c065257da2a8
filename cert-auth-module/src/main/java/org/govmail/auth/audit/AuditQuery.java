package org.govmail.auth.audit;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which audit events to read, newest first. {@code institutions}, when present, restricts the result to
 * events about those institutions (an institution administrator's view).
 */
public record AuditQuery(Optional<String> account, Optional<String> actor, Optional<String> action,
                         Optional<Set<String>> institutions, Optional<Instant> from, Optional<Instant> to,
                         int offset, int limit) {
    public static AuditQuery all(int limit) {
        return new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), 0, limit);
    }

    public AuditQuery forAccount(String account) {
        return new AuditQuery(Optional.of(account), actor, action, institutions, from, to, offset, limit);
    }
}
