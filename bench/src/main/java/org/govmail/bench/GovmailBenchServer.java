package org.govmail.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.govmail.server.testing.GovmailProcess;
import org.govmail.bench.load.ClientTls;

/**
 * A govmail server of this build for the benchmark, in one of two configurations: as shipped (the
 * certificate gate and the security routing pipeline on), or with the gate off (password only) and
 * James' default mailet pipeline, which shows what govmail's own parts cost.
 */
final class GovmailBenchServer implements BenchServer {
    enum Flavour {
        FULL("govmail (gate on, policy pipeline)"),
        PLAIN("govmail (gate off, James default pipeline)");

        final String label;

        Flavour(String label) {
            this.label = label;
        }
    }

    private final Flavour flavour;
    private final GovmailProcess process;
    private final Duration firstStart;
    private final Duration startup;
    private final EnrolledUsers clients;

    private GovmailBenchServer(Flavour flavour, GovmailProcess process, Duration firstStart, Duration startup, EnrolledUsers clients) {
        this.flavour = flavour;
        this.process = process;
        this.firstStart = firstStart;
        this.startup = startup;
        this.clients = clients;
    }

    /** The very first start of the installation, which also generates its development keys and schema. */
    Duration firstStart() {
        return firstStart;
    }

    /** Starts the server and enrolls every user with a GPKI certificate of its development PKI. */
    static GovmailBenchServer start(Flavour flavour, Path root, List<String> jvmOptions, String domain,
                                    Map<String, String> users, String password) throws Exception {
        // As scripts/govmail runs it: the first run records the classes it loads into a class-data sharing
        // archive (written when it stops), every later start maps them from there.
        Path archive = root.resolve("var/govmail.jsa");
        List<String> recording = new java.util.ArrayList<>(jvmOptions);
        recording.add("-XX:ArchiveClassesAtExit=" + archive);
        GovmailProcess process = GovmailProcess.prepare(root).withJvmOptions(recording);
        // Outside senders pass SPF and DMARC, as the mail of a legitimate outside server would.
        process.dns().txt(BenchUsers.SENDER_DOMAIN, "v=spf1 ip4:127.0.0.1 -all")
            .txt("_dmarc." + BenchUsers.SENDER_DOMAIN, "v=DMARC1; p=reject");
        if (flavour == Flavour.PLAIN) {
            process.editConf("govmail-auth.xml", xml -> xml.replace("<gate requireCertificate=\"true\">", "<gate requireCertificate=\"false\">"));
            try (InputStream pipeline = GovmailBenchServer.class.getResourceAsStream("default-pipeline.xml")) {
                // No outside mail in these workloads: the gateway is never dialled.
                String xml = new String(pipeline.readAllBytes(), StandardCharsets.UTF_8).replace("GATEWAY", "localhost:9");
                Files.writeString(root.resolve("conf/mailetcontainer.xml"), xml);
            }
        }
        long launched = System.nanoTime();
        process.start();
        Duration firstStart = Duration.ofNanos(System.nanoTime() - launched);
        process.webAdmin().addDomain(domain);
        EnrolledUsers clients = EnrolledUsers.enroll(process, users, password);
        // The first start generates the development keys, creates the schema and records the class archive,
        // once per installation; the start-up that counts is the one of an installed server, as after every restart.
        process.stop();
        List<String> sharing = new java.util.ArrayList<>(jvmOptions);
        sharing.add("-XX:SharedArchiveFile=" + archive);
        process.withJvmOptions(sharing);
        launched = System.nanoTime();
        process.start();
        Duration startup = Duration.ofNanos(System.nanoTime() - launched);
        return new GovmailBenchServer(flavour, process, firstStart, startup, clients);
    }

    GovmailProcess process() {
        return process;
    }

    @Override
    public String name() {
        return flavour.label;
    }

    @Override
    public int smtpPort() {
        return process.smtpPort();
    }

    @Override
    public int imapsPort() {
        return process.imapsPort();
    }

    @Override
    public ClientTls tls(String address) {
        return clients.tls(address);
    }

    @Override
    public List<Long> rootPids() {
        return List.of(process.pid());
    }

    @Override
    public Duration startup() {
        return startup;
    }

    @Override
    public void close() throws Exception {
        process.close();
    }
}
