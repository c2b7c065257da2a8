package org.govmail.auth.lifecycle;

import java.time.Instant;

/** One published end of sessions: which key, why, from which node, when (the origin's clock). */
public record SessionEnd(long id, String sessionKey, String why, String originNode, Instant at) {
}
