package org.govmail.server.wiring.distributed;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.apache.james.queue.api.MailQueueFactory;
import org.apache.james.queue.api.MailQueueName;
import org.apache.james.queue.api.ManageableMailQueue;

/**
 * The distributed profile's mail queues: the spool (every accepted mail, on its way to local delivery or to an
 * outgoing queue) on RabbitMQ, shared by all nodes; the queues whose name starts with {@code outgoing} (remote
 * delivery and its retries) on this node's own persistent ActiveMQ.
 *
 * <p>Why: James' RabbitMQ queue ignores delays ({@code enQueue(mail, delay)} enqueues at once), so
 * {@code RemoteDelivery}'s retry schedule (minutes to hours) would run out in seconds and bounce mail whose
 * destination is down for a moment. ActiveMQ keeps delays, on disk. A mail waiting for a retry then waits on the
 * node that first tried it, as in Postfix (each host its own deferred queue); if that node is gone for good, its
 * {@code var/store/activemq} holds the mail.
 */
final class OutgoingOnLocalDiskQueues implements MailQueueFactory<ManageableMailQueue> {
    static final String LOCAL_PREFIX = "outgoing";

    private final MailQueueFactory<? extends ManageableMailQueue> shared;
    private final MailQueueFactory<? extends ManageableMailQueue> local;

    OutgoingOnLocalDiskQueues(MailQueueFactory<? extends ManageableMailQueue> shared,
                              MailQueueFactory<? extends ManageableMailQueue> local) {
        this.shared = shared;
        this.local = local;
    }

    static boolean isLocal(MailQueueName name) {
        return name.asString().startsWith(LOCAL_PREFIX);
    }

    private MailQueueFactory<? extends ManageableMailQueue> factoryOf(MailQueueName name) {
        return isLocal(name) ? local : shared;
    }

    @Override
    public Optional<ManageableMailQueue> getQueue(MailQueueName name, PrefetchCount count) {
        return factoryOf(name).getQueue(name, count).map(ManageableMailQueue.class::cast);
    }

    @Override
    public ManageableMailQueue createQueue(MailQueueName name, PrefetchCount count) {
        return factoryOf(name).createQueue(name, count);
    }

    @Override
    public Set<MailQueueName> listCreatedMailQueues() {
        return Stream.concat(
                shared.listCreatedMailQueues().stream().filter(name -> !isLocal(name)),
                local.listCreatedMailQueues().stream().filter(OutgoingOnLocalDiskQueues::isLocal))
            .collect(Collectors.toUnmodifiableSet());
    }
}
