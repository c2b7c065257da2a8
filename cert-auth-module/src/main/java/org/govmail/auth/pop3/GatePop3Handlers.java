package org.govmail.auth.pop3;

import java.util.ArrayList;
import java.util.List;

import org.apache.james.pop3server.core.CoreCmdHandlerLoader;
import org.apache.james.protocols.lib.handler.HandlersPackage;

/**
 * James' core POP3 handlers behind govmail's: no authentication before STLS
 * ({@link Pop3RequireTlsHandler}), then PASS/AUTH through the certificate gate
 * ({@link GatePop3AuthHandler}), which answer those commands before James' own handlers could.
 * Named as the handler chain's {@code coreHandlersPackage} in {@code conf/pop3server.xml}: James
 * always loads that package first, whatever else the chain lists.
 */
public class GatePop3Handlers implements HandlersPackage {
    @Override
    public List<String> getHandlers() {
        List<String> handlers = new ArrayList<>();
        handlers.add(Pop3RequireTlsHandler.class.getName());
        handlers.add(GatePop3AuthHandler.class.getName());
        handlers.addAll(new CoreCmdHandlerLoader().getHandlers());
        return handlers;
    }
}
