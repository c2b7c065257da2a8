package org.govmail.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.govmail.bench.load.Percentiles;
import org.govmail.bench.load.ClientTls;

/**
 * TLS + login rate: T threads each open fresh IMAPS connections, a full handshake (no resumed
 * session) with the user's client certificate, LOGIN with the password, LOGOUT, as fast as the
 * server lets them. Thread t logs in on the service's IMAPS port t modulo their number (several nodes
 * of one service share the threads round robin).
 */
final class LoginRate {
    record Result(int logins, double perSecond, double p50Millis, double p99Millis) {
    }

    private LoginRate() {
    }

    static Result run(BenchServer server, String user, int threads, int loginsPerThread) throws Exception {
        ClientTls tls = server.tls(user);
        String command = "a LOGIN " + user + " \"" + BenchUsers.PASSWORD + "\"";
        List<Long> samples = Collections.synchronizedList(new ArrayList<>());
        long start = System.nanoTime();
        List<Integer> ports = server.imapsPorts();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int port = ports.get(t % ports.size());
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < loginsPerThread; i++) {
                        samples.add(ImapsTiming.login(tls.factory(), port, command));
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                try {
                    worker.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new IllegalStateException(server.name() + ": login failed", e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(samples.size(), samples.size() / seconds, Percentiles.millis(samples, 50), Percentiles.millis(samples, 99));
    }
}
