package org.govmail.auth.audit;

import java.util.List;

/**
 * The append-only record of sign-up steps, decisions, certificate and status changes and refused logins.
 * There is deliberately no way to change or delete an event through this interface or any API on it.
 */
public interface AuditLog {
    /** Appends; never throws for a storage failure (the failure is logged), so auditing cannot block a refusal. */
    void record(AuditEntry entry);

    List<AuditEvent> query(AuditQuery query);
}
