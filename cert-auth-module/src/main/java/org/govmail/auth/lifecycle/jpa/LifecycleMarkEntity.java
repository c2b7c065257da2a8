package org.govmail.auth.lifecycle.jpa;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;

/** Table GOVMAIL_LIFECYCLE_MARK: the primary key is the mark, so two nodes cannot both claim it. */
@Entity(name = "GovmailLifecycleMark")
@Table(name = "GOVMAIL_LIFECYCLE_MARK")
public class LifecycleMarkEntity {
    @Id
    @Column(name = "MARK", length = 400, nullable = false)
    private String mark;

    @Column(name = "MARKED_AT", nullable = false)
    private long markedAt;

    protected LifecycleMarkEntity() {
    }

    public LifecycleMarkEntity(String mark, long markedAt) {
        this.mark = mark;
        this.markedAt = markedAt;
    }
}
