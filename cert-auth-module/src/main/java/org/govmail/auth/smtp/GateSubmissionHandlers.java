package org.govmail.auth.smtp;

import java.util.List;
import java.util.Map;

import org.apache.james.protocols.lib.handler.HandlersPackage;
import org.apache.james.protocols.smtp.core.esmtp.AuthCmdHandler;
import org.apache.james.smtpserver.CoreCmdHandlerLoader;
import org.apache.james.smtpserver.UsersRepositoryAuthHook;

/**
 * James' core SMTP handlers for the submission ports, with authentication through the certificate
 * gate: {@link GateAuthCmdHandler} instead of James' AUTH command (adds EXTERNAL) and
 * {@link CertificateGateAuthHook} instead of the password-only hook. Named in
 * {@code conf/smtpserver.xml} in place of {@code CoreCmdHandlerLoader}.
 */
public class GateSubmissionHandlers implements HandlersPackage {
    private static final Map<String, String> REPLACED = Map.of(
        AuthCmdHandler.class.getName(), GateAuthCmdHandler.class.getName(),
        UsersRepositoryAuthHook.class.getName(), CertificateGateAuthHook.class.getName());

    @Override
    public List<String> getHandlers() {
        return new CoreCmdHandlerLoader().getHandlers().stream()
            .map(handler -> REPLACED.getOrDefault(handler, handler))
            .toList();
    }
}
