package org.govmail.auth.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import org.govmail.auth.revocation.RevocationCheck.State;
import org.junit.jupiter.api.Test;

/** The combination table of {@link LayeredRevocationSource}, with sources that just answer. */
class LayeredRevocationSourceTest {
    private static final Instant CRL_REVOCATION = Instant.parse("2024-01-02T03:04:05Z");
    private static final Instant OCSP_REVOCATION = Instant.parse("2024-06-07T08:09:10Z");

    private final AtomicInteger ocspAsked = new AtomicInteger();

    private RevocationCheck layered(RevocationCheck crl, RevocationCheck ocsp) {
        RevocationSource ocspSource = (certificate, issuer) -> {
            ocspAsked.incrementAndGet();
            return ocsp;
        };
        return new LayeredRevocationSource((certificate, issuer) -> crl, ocspSource).check(null, null);
    }

    @Test
    void crlRevokedIsRevokedWithoutAskingOcsp() {
        RevocationCheck check = layered(RevocationCheck.revoked("CRL a", CRL_REVOCATION), RevocationCheck.good("OCSP b"));
        assertThat(check.state()).isEqualTo(State.REVOKED);
        assertThat(check.revokedAt()).contains(CRL_REVOCATION);
        assertThat(ocspAsked).hasValue(0);
    }

    @Test
    void crlGoodIsGoodWithoutAskingOcsp() {
        RevocationCheck check = layered(RevocationCheck.good("CRL a"), RevocationCheck.revoked("OCSP b", OCSP_REVOCATION));
        assertThat(check).isEqualTo(RevocationCheck.good("CRL a"));
        assertThat(ocspAsked).hasValue(0);
    }

    @Test
    void crlUnavailableOcspGoodIsGood() {
        RevocationCheck check = layered(RevocationCheck.unavailable("CRL expired"), RevocationCheck.good("OCSP b"));
        assertThat(check.state()).isEqualTo(State.GOOD);
        assertThat(check.detail()).contains("OCSP b").contains("CRL expired");
        assertThat(ocspAsked).hasValue(1);
    }

    @Test
    void crlUnavailableOcspRevokedIsRevoked() {
        RevocationCheck check = layered(RevocationCheck.unavailable("CRL expired"),
            RevocationCheck.revoked("OCSP b", OCSP_REVOCATION));
        assertThat(check.state()).isEqualTo(State.REVOKED);
        assertThat(check.revokedAt()).contains(OCSP_REVOCATION);
        assertThat(check.detail()).contains("OCSP b");
    }

    @Test
    void bothUnavailableIsUnavailableWithBothDetails() {
        RevocationCheck check = layered(RevocationCheck.unavailable("CRL expired"),
            RevocationCheck.unavailable("responder down"));
        assertThat(check.state()).isEqualTo(State.UNAVAILABLE);
        assertThat(check.detail()).isEqualTo("CRL: CRL expired; OCSP: responder down");
        assertThat(check.revokedAt()).isEmpty();
    }
}
