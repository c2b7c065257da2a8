package org.govmail.auth.admin;

import org.apache.james.webadmin.Routes;

import spark.Service;

/**
 * {@code /govmail/me}: the caller's own account. A separate {@link Routes} because WebAdmin puts its
 * authentication filter on each routes' base path.
 */
public final class SelfRoutes implements Routes {
    private final AccountRoutes accounts;

    public SelfRoutes(AccountRoutes accounts) {
        this.accounts = accounts;
    }

    @Override
    public String getBasePath() {
        return AccountRoutes.ME;
    }

    @Override
    public void define(Service spark) {
        accounts.defineSelf(spark);
    }
}
