package org.govmail.server.wiring;

import org.govmail.auth.lifecycle.MailArchive;
import org.govmail.server.mail.JamesMailArchive;

import com.google.inject.AbstractModule;
import com.google.inject.Scopes;

/** The account's stored mail as the lifecycle sees it (sign-up, export before retirement, deletion). */
public class MailArchiveModule extends AbstractModule {
    @Override
    protected void configure() {
        bind(JamesMailArchive.class).in(Scopes.SINGLETON);
        bind(MailArchive.class).to(JamesMailArchive.class);
    }
}
