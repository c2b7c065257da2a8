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
 * itself. A row here is proof the delivery happened, whatever the mail queue remembers after a crash.
 */
@Entity(name = "DeliveryRecord")
@Table(name = "GOVMAIL_DELIVERY_LEDGER", indexes = @Index(name = "GOVMAIL_DELIVERY_ID_IDX", columnList = "DELIVERY_ID"))
@NamedQuery(name = "deliveredRecipients",
    query = "SELECT r.recipient FROM DeliveryRecord r WHERE r.deliveryId = :deliveryId")
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

    protected DeliveryRecord() {
        // for JPA
    }

    public DeliveryRecord(String deliveryId, String recipient, long mailboxId, Instant deliveredAt) {
        this.deliveryId = deliveryId;
        this.recipient = recipient;
        this.mailboxId = mailboxId;
        this.deliveredAtEpochMilli = deliveredAt.toEpochMilli();
    }

    public String deliveryId() {
        return deliveryId;
    }

    public String recipient() {
        return recipient;
    }
}
