package org.govmail.auth.revocation;

import java.io.IOException;
import java.net.URI;

/** Reads the bytes of a CRL from one kind of location ({@code file:}, {@code http:}, {@code ldap:}). */
public interface CrlFetcher {
    /** CRLs above this size are refused: a real authority's full CRL stays far below it. */
    int MAX_CRL_SIZE = 32 * 1024 * 1024;

    boolean handles(URI location);

    byte[] fetch(URI location) throws IOException;

    /** A cheap token that changes when the CRL at this location may have changed, or -1 if unknown. */
    default long version(URI location) {
        return -1;
    }
}
