package org.govmail.auth.lifecycle.jpa;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.Table;

import org.govmail.auth.lifecycle.SessionEnd;

/** Table GOVMAIL_SESSION_END: the session ends every node follows, read by publication time. */
@Entity(name = "GovmailSessionEnd")
@Table(name = "GOVMAIL_SESSION_END", indexes = @Index(name = "GOVMAIL_SESSION_END_AT_IDX", columnList = "PUBLISHED_AT"))
public class SessionEndEntity {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    @Column(name = "ID")
    private long id;

    @Column(name = "SESSION_KEY", length = 400, nullable = false)
    private String sessionKey;

    @Column(name = "REASON", length = 400, nullable = false)
    private String reason;

    @Column(name = "ORIGIN_NODE", length = 200, nullable = false)
    private String originNode;

    @Column(name = "PUBLISHED_AT", nullable = false)
    private long publishedAt;

    protected SessionEndEntity() {
    }

    public SessionEndEntity(String sessionKey, String reason, String originNode, Instant publishedAt) {
        this.sessionKey = sessionKey;
        this.reason = reason;
        this.originNode = originNode;
        this.publishedAt = publishedAt.toEpochMilli();
    }

    SessionEnd toSessionEnd() {
        return new SessionEnd(id, sessionKey, reason, originNode, Instant.ofEpochMilli(publishedAt));
    }
}
