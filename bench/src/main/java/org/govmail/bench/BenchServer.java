package org.govmail.bench;

import java.time.Duration;
import java.util.List;

import org.govmail.bench.load.ClientTls;

/**
 * One mail server under test, as the workloads see it: an SMTP port that takes mail for the bench
 * domain, an IMAPS port that requires a client certificate, the same users with the same passwords
 * on every server, and the processes whose memory and CPU are counted.
 */
interface BenchServer extends AutoCloseable {
    String HOST = "localhost";

    String name();

    int smtpPort();

    int imapsPort();

    /**
     * Every SMTP port that takes mail for this service: one for a single server, one per node for several
     * nodes of one service (connections go to them round robin, as a TCP load balancer would send them).
     */
    default List<Integer> smtpPorts() {
        return List.of(smtpPort());
    }

    /** Every IMAPS port of this service, as {@link #smtpPorts()}; the same client certificate works on each. */
    default List<Integer> imapsPorts() {
        return List.of(imapsPort());
    }

    /** TLS to this server's IMAPS port with {@code address}'s client certificate. */
    ClientTls tls(String address);

    /** The server's top processes; their descendants are counted too. */
    List<Long> rootPids();

    /** From launch until every port accepts connections. */
    Duration startup();

    @Override
    void close() throws Exception;
}
