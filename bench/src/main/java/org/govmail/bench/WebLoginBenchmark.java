package org.govmail.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.net.ssl.SSLSocketFactory;

import org.govmail.bench.load.Percentiles;
import org.govmail.server.testing.GovmailProcess;
import org.govmail.server.testing.MailClients;
import org.govmail.server.testing.TestAccount;
import org.govmail.server.testing.WebLoginClient;

/**
 * What the web front end's login costs, side by side in one run on one server: REST challenge + signed
 * login (CMS verification, certificate validation, session and JWT), then the same user's IMAPS login
 * with the token (XOAUTH2 from the front end's certificate) beside the certificate login it replaces
 * for browsers (SASL EXTERNAL with the user's certificate). Latencies alternate round by round; then
 * throughput of challenge + login with several concurrent front-end threads.
 *
 * <p>Run with {@code scripts/bench-weblogin [rounds] [threads]}.
 */
public final class WebLoginBenchmark {
    private static final String DOMAIN = "bench.go.test";
    private static final String USER = "bench@" + DOMAIN;
    private static final String PASSWORD = "bench correct horse";
    private static final int WARM_UP = 30;

    private WebLoginBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 200;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        Path root = Files.createTempDirectory("govmail-bench-weblogin");
        GovmailProcess server = GovmailProcess.prepare(root.resolve("server"));
        // The benchmark logs one account in from one address far more often than the limits allow a person.
        Path tokens = server.root().resolve("conf/govmail-tokens.xml");
        Files.writeString(tokens, Files.readString(tokens).replace("perAddressPerMinute=\"30\" perAccountPerMinute=\"10\"",
            "perAddressPerMinute=\"100000000\" perAccountPerMinute=\"100000000\""));
        try {
            server.start();
            server.webAdmin().addDomain(DOMAIN);
            TestAccount account = server.enroll(USER, "김벤치", PASSWORD);
            WebLoginClient web = server.webLogin();
            SSLSocketFactory frontEnd = MailClients.frontEnd(server).socketFactory();
            SSLSocketFactory user = new MailClients(server, account.pkcs12()).socketFactory();

            List<Long> webLogin = new ArrayList<>();
            List<Long> tokenImap = new ArrayList<>();
            List<Long> externalImap = new ArrayList<>();
            for (int i = 0; i < WARM_UP + rounds; i++) {
                long start = System.nanoTime();
                String token = web.login(account.issued()).path("accessToken").asText();
                long a = System.nanoTime() - start;
                long b = ImapsTiming.login(frontEnd, server.imapsPort(), "a AUTHENTICATE XOAUTH2 " + xoauth2(token));
                long c = ImapsTiming.login(user, server.imapsPort(), "a AUTHENTICATE EXTERNAL =");
                if (i >= WARM_UP) {
                    webLogin.add(a);
                    tokenImap.add(b);
                    externalImap.add(c);
                }
            }
            double perSecond = throughput(web, account, threads, rounds);
            print(rounds, threads, webLogin, tokenImap, externalImap, perSecond);
        } finally {
            server.stop();
        }
    }

    /** Challenge + login per second with {@code threads} concurrent front-end workers, {@code rounds} logins each. */
    private static double throughput(WebLoginClient web, TestAccount account, int threads, int rounds) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> workers = new ArrayList<>();
            long start = System.nanoTime();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        web.login(account.issued());
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
            return threads * rounds / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String xoauth2(String token) {
        return Base64.getEncoder().encodeToString(("user=" + USER + "\u0001auth=Bearer " + token + "\u0001\u0001")
            .getBytes(StandardCharsets.UTF_8));
    }

    private static void print(int rounds, int threads, List<Long> web, List<Long> token, List<Long> external, double perSecond) {
        System.out.printf(Locale.ROOT, "%nWeb login and token use, %d rounds each, alternating, %d cores%n%n", rounds,
            Runtime.getRuntime().availableProcessors());
        ImapsTiming.header(44);
        ImapsTiming.row(44, "REST challenge + signed login (CMS)", web);
        ImapsTiming.row(44, "IMAPS handshake + XOAUTH2 (token) + LOGOUT", token);
        ImapsTiming.row(44, "IMAPS handshake + EXTERNAL (cert) + LOGOUT", external);
        System.out.printf(Locale.ROOT, "%nmedian ratio XOAUTH2/EXTERNAL: %.2f%n", Percentiles.millis(token, 50) / Percentiles.millis(external, 50));
        System.out.printf(Locale.ROOT, "challenge + login throughput, %d concurrent front-end threads: %.1f logins/s%n", threads, perSecond);
    }
}
