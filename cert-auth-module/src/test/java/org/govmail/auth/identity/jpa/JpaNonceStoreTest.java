package org.govmail.auth.identity.jpa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.persistence.EntityManagerFactory;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.identity.JwsAlgorithm;
import org.govmail.auth.identity.JwsIdentityVerifier;
import org.govmail.auth.testing.MovableClock;
import org.govmail.auth.testing.TestDatabase;
import org.govmail.auth.testing.TestIdentityProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The nonce table on a real (in-memory Derby) database, with two "nodes" sharing it. */
class JpaNonceStoreTest {
    private static final Instant START = Instant.parse("2025-03-01T03:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private TestDatabase database;

    @BeforeEach
    void database() {
        database = TestDatabase.inMemory(IdentityNonceEntity.class);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private JpaNonceStore store(EntityManagerFactory factory) {
        return new JpaNonceStore(factory, clock);
    }

    private long rows(EntityManagerFactory factory) {
        var manager = factory.createEntityManager();
        try {
            return manager.createQuery("SELECT COUNT(n) FROM GovmailIdentityNonce n", Long.class).getSingleResult();
        } finally {
            manager.close();
        }
    }

    @Test
    void aNonceIsUsedOncePerProvider() throws Exception {
        JpaNonceStore store = store(database.factory());
        Instant keep = START.plus(Duration.ofMinutes(12));

        assertThat(store.firstUse("nice", "nonce-0001", keep)).isTrue();
        assertThat(store.firstUse("nice", "nonce-0001", keep)).isFalse();
        assertThat(store.firstUse("kcb", "nonce-0001", keep)).isTrue();
        assertThat(rows(database.factory())).isEqualTo(2);
    }

    @Test
    void aSecondNodeAndARestartedNodeSeeTheUsedNonce() throws Exception {
        Instant keep = START.plus(Duration.ofMinutes(12));
        assertThat(store(database.factory()).firstUse("nice", "nonce-0002", keep)).isTrue();

        assertThat(store(database.newFactory()).firstUse("nice", "nonce-0002", keep)).isFalse();
        database.factory().close();
        assertThat(store(database.newFactory()).firstUse("nice", "nonce-0002", keep)).isFalse();
    }

    @Test
    void concurrentUsesOnTwoNodesAcceptExactlyOne() throws Exception {
        List<JpaNonceStore> nodes = List.of(store(database.factory()), store(database.newFactory()));
        Instant keep = START.plus(Duration.ofMinutes(12));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 10; round++) {
                String nonce = "race-nonce-" + round;
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Boolean>> uses = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    JpaNonceStore node = nodes.get(i % 2);
                    Callable<Boolean> use = () -> {
                        go.await();
                        return node.firstUse("nice", nonce, keep);
                    };
                    uses.add(pool.submit(use));
                }
                go.countDown();
                int accepted = 0;
                for (Future<Boolean> use : uses) {
                    accepted += use.get() ? 1 : 0;
                }
                assertThat(accepted).as("round " + round).isEqualTo(1);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void anExpiredNonceMayBeUsedAgainAndExpiredRowsArePurged() throws Exception {
        JpaNonceStore store = new JpaNonceStore(database.factory(), clock, Duration.ofHours(1));
        assertThat(store.firstUse("nice", "recycled-1", START.plus(Duration.ofMinutes(12)))).isTrue();
        assertThat(store.firstUse("nice", "old-nonce-1", START.plus(Duration.ofMinutes(12)))).isTrue();

        clock.set(START.plus(Duration.ofMinutes(13)));
        // Not purged yet (hourly): the expired row is taken over.
        assertThat(store.firstUse("nice", "recycled-1", START.plus(Duration.ofMinutes(25)))).isTrue();
        assertThat(store.firstUse("nice", "recycled-1", START.plus(Duration.ofMinutes(25)))).isFalse();
        assertThat(rows(database.factory())).isEqualTo(2);

        assertThat(store.purge()).isEqualTo(1);
        assertThat(rows(database.factory())).isEqualTo(1);
    }

    @Test
    void theFirstUseAfterAnIntervalPurges() throws Exception {
        JpaNonceStore store = store(database.factory());
        store.firstUse("nice", "old-nonce-2", START.plus(Duration.ofMinutes(12)));
        clock.set(START.plus(Duration.ofMinutes(13)));
        store.firstUse("nice", "new-nonce-2", START.plus(Duration.ofMinutes(25)));
        assertThat(rows(database.factory())).isEqualTo(1);
    }

    @Test
    void purgingHappensAtMostOncePerInterval() throws Exception {
        JpaNonceStore store = new JpaNonceStore(database.factory(), clock, Duration.ofMinutes(5));
        store.firstUse("nice", "first-nonce", START.plusSeconds(60));      // purges (nothing), next purge at +5 min
        clock.set(START.plus(Duration.ofMinutes(2)));
        store.firstUse("nice", "second-nonce", START.plus(Duration.ofMinutes(14)));
        assertThat(rows(database.factory())).as("expired, but the interval has not passed").isEqualTo(2);

        clock.set(START.plus(Duration.ofMinutes(6)));
        store.firstUse("nice", "third-nonce", START.plus(Duration.ofMinutes(18)));
        assertThat(rows(database.factory())).isEqualTo(2);
        assertThat(store.purge()).isZero();
    }

    @Test
    void verifiersOnTwoNodesShareTheReplayProtection() throws Exception {
        TestIdentityProvider provider = TestIdentityProvider.generate("mobile-es", JwsAlgorithm.ES256);
        JwsIdentityVerifier nodeA = new JwsIdentityVerifier(List.of(provider.configured()), Duration.ofMinutes(10),
            Duration.ofMinutes(1), store(database.factory()), clock);
        JwsIdentityVerifier nodeB = new JwsIdentityVerifier(List.of(provider.configured()), Duration.ofMinutes(10),
            Duration.ofMinutes(1), store(database.newFactory()), clock);
        String assertion = provider.assertion("김선우", LocalDate.of(1990, 1, 1), "mobile", START);

        assertThat(nodeA.verify(assertion).provider()).isEqualTo("mobile-es");
        assertThatThrownBy(() -> nodeB.verify(assertion))
            .satisfies(e -> assertThat(((GovmailAuthException) e).reason()).isEqualTo(Reason.IDENTITY_ASSERTION_REPLAYED));
        assertThatThrownBy(() -> nodeA.verify(assertion))
            .satisfies(e -> assertThat(((GovmailAuthException) e).reason()).isEqualTo(Reason.IDENTITY_ASSERTION_REPLAYED));
    }

}
