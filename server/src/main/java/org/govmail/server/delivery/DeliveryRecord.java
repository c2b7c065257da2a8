package org.govmail.server.delivery;

import java.time.Instant;

import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.GeneratedValue;
import javax.persistence.GenerationType;
import javax.persistence.Id;
import javax.persistence.Index;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

/**
 * One message stored into one mailbox, written in the same database transaction as the message
 * itself: a row here is proof the delivery happened, whatever the mail queue remembers after a crash.
 * Or, where the mailbox store is not this database (Cassandra), an {@link #ATTEMPT} row written before
 * the delivery: proof only that it may have happened.
 */
@Entity(name = "DeliveryRecord")
@Table(name = "GOVMAIL_DELIVERY_LEDGER", indexes = @Index(name = "GOVMAIL_DELIVERY_ID_IDX", columnList = "DELIVERY_ID"))
@NamedQuery(name = "deliveredRecipients",
    query = "SELECT r.recipient FROM DeliveryRecord r WHERE r.deliveryId = :deliveryId AND r.kind IS NULL")
@NamedQuery(name = "attemptedRecipients",
    query = "SELECT r.recipient FROM DeliveryRecord r WHERE r.deliveryId = :deliveryId AND r.kind = 'ATTEMPT'")
@NamedQuery(name = "purgeDeliveredBefore",
    query = "DELETE FROM DeliveryRecord r WHERE r.deliveredAtEpochMilli < :before")
public class DeliveryRecord {
    @Id
    @GeneratedValue(strategy = GenerationType.TABLE)
    @Column(name = "ID")
    private long id;

    @Column(name = "DELIVERY_ID", nullable = false, length = 200)
    private String deliveryId;

    @Column(name = "RECIPIENT", nullable = false, length = 320)
    private String recipient;

    @Column(name = "MAILBOX_ID", nullable = false)
    private long mailboxId;

    @Column(name = "DELIVERED_AT", nullable = false)
    private long deliveredAtEpochMilli;

    /** Null for a stored message (every row before attempts existed), {@link #ATTEMPT} for an attempt. */
    @Column(name = "KIND", length = 10)
    private String kind;

    static final String ATTEMPT = "ATTEMPT";

    protected DeliveryRecord() {
        // for JPA
    }

    public DeliveryRecord(String deliveryId, String recipient, long mailboxId, Instant deliveredAt) {
        this.deliveryId = deliveryId;
        this.recipient = recipient;
        this.mailboxId = mailboxId;
        this.deliveredAtEpochMilli = deliveredAt.toEpochMilli();
    }

    /** An attempt: there is no mailbox id yet (and Cassandra's are not numbers). */
    static DeliveryRecord attempt(String deliveryId, String recipient, Instant attemptedAt) {
        DeliveryRecord record = new DeliveryRecord(deliveryId, recipient, 0, attemptedAt);
        record.kind = ATTEMPT;
        return record;
    }

    public String deliveryId() {
        return deliveryId;
    }

    public String recipient() {
        return recipient;
    }
}
