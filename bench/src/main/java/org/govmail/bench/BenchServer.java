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

    /** TLS to this server's IMAPS port with {@code address}'s client certificate. */
    ClientTls tls(String address);

    /** The server's top processes; their descendants are counted too. */
    List<Long> rootPids();

    /** From launch until every port accepts connections. */
    Duration startup();

    @Override
    void close() throws Exception;
}
