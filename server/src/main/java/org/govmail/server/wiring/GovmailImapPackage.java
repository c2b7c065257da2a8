package org.govmail.server.wiring;

import org.apache.james.imap.decode.parser.AuthenticateCommandParser;
import org.apache.james.imap.decode.parser.LoginCommandParser;
import org.apache.james.modules.protocols.ImapPackage;
import org.apache.james.utils.ClassName;
import org.govmail.auth.imap.GateAuthProcessor;

import com.google.common.collect.ImmutableList;

/**
 * James' IMAP commands with LOGIN and AUTHENTICATE answered by the certificate gate; named in
 * {@code conf/imapserver.xml} ({@code <imapPackages>}). Replaces James' default package as a whole
 * because processors are keyed by request type.
 */
public class GovmailImapPackage extends ImapPackage.Impl {
    public GovmailImapPackage() {
        super(ImmutableList.<ClassName>builder()
                .addAll(new ImapPackage.DefaultNoAuth().processors())
                .add(new ClassName(GateAuthProcessor.class.getName()))
                .build(),
            ImmutableList.<ClassName>builder()
                .addAll(new ImapPackage.DefaultNoAuth().decoders())
                .add(new ClassName(AuthenticateCommandParser.class.getName()))
                .add(new ClassName(LoginCommandParser.class.getName()))
                .build(),
            ImmutableList.copyOf(new ImapPackage.DefaultNoAuth().encoders()));
    }
}
