package org.govmail.auth.smtp;

import javax.inject.Inject;

import org.apache.james.core.Username;
import org.apache.james.protocols.api.OidcSASLConfiguration;
import org.apache.james.protocols.smtp.SMTPRetCode;
import org.apache.james.protocols.smtp.SMTPSession;
import org.apache.james.protocols.smtp.hook.AuthHook;
import org.apache.james.protocols.smtp.hook.HookResult;
import org.apache.james.protocols.smtp.hook.HookReturnCode;
import org.govmail.auth.gate.LoginDecision;
import org.govmail.auth.gate.LoginGate;

/**
 * SMTP AUTH PLAIN / LOGIN through the certificate gate. Declared in {@code conf/smtpserver.xml}
 * before James' core handlers so it answers first: it accepts or refuses, never passes on, so
 * James' password-only hook is never consulted.
 */
public class CertificateGateAuthHook implements AuthHook {
    private final LoginGate gate;

    @Inject
    public CertificateGateAuthHook(LoginGate gate) {
        this.gate = gate;
    }

    @Override
    public HookResult doAuth(SMTPSession session, Username username, String password) {
        LoginDecision decision = gate.passwordLogin(SmtpGate.client(session), username.asString(), password);
        if (decision.isAllowed()) {
            session.setUsername(Username.of(decision.account().orElseThrow().id()));
            session.setRelayingAllowed(true);
            return HookResult.builder()
                .hookReturnCode(HookReturnCode.ok())
                .smtpReturnCode(SMTPRetCode.AUTH_OK)
                .smtpDescription("2.7.0 Authentication successful")
                .build();
        }
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(SMTPRetCode.AUTH_FAILED)
            .smtpDescription(SmtpGate.refusalText(decision))
            .build();
    }

    @Override
    public HookResult doSasl(SMTPSession session, OidcSASLConfiguration saslConfiguration, String initialResponse) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(SMTPRetCode.AUTH_FAILED)
            .smtpDescription("5.7.8 token logins are not enabled here")
            .build();
    }

    @Override
    public HookResult doDelegation(SMTPSession session, Username target) {
        return HookResult.builder()
            .hookReturnCode(HookReturnCode.deny())
            .smtpReturnCode(SMTPRetCode.AUTH_FAILED)
            .smtpDescription("5.7.8 logging in as another account is not allowed")
            .build();
    }
}
