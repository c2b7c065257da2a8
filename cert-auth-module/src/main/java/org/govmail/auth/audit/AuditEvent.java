package org.govmail.auth.audit;

import java.time.Instant;

/** An {@link AuditEntry} as stored: with its sequence number and time. */
public record AuditEvent(long sequence, Instant at, AuditEntry entry) {
}
