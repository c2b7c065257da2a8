package org.govmail.auth.admin;

import static org.govmail.auth.admin.RestSupport.body;
import static org.govmail.auth.admin.RestSupport.caller;
import static org.govmail.auth.admin.RestSupport.certificate;
import static org.govmail.auth.admin.RestSupport.enumValue;
import static org.govmail.auth.admin.RestSupport.flag;
import static org.govmail.auth.admin.RestSupport.number;
import static org.govmail.auth.admin.RestSupport.text;

import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.Optional;

import org.apache.james.webadmin.Routes;
import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.account.Account;
import org.govmail.auth.account.AccountStatus;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.lifecycle.AccountLifecycle;
import org.govmail.auth.audit.AuditLog;
import org.govmail.auth.audit.AuditQuery;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.lifecycle.MailArchive;
import org.govmail.auth.token.ChallengeSignatureVerifier;
import org.govmail.auth.token.WebLogin;

import com.fasterxml.jackson.databind.JsonNode;

import spark.Request;
import spark.Service;

/**
 * Accounts over REST (WebAdmin), documented in {@code docs/openapi.yaml}: provisioning by the super
 * administrator, decisions by institution administrators on their own institution's accounts, and the
 * holder's own account (certificate renewal, mail export) through {@code /govmail/me} or their id.
 */
public final class AccountRoutes implements Routes {
    public static final String BASE = "/govmail/accounts";
    static final String ME = "/govmail/me";

    private final AccountAdminService service;
    private final AccountLifecycle lifecycle;
    private final MailArchive archive;
    private final RestSupport rest;
    private final WebLogin webLogin;
    private final AuditLog audit;

    public AccountRoutes(AccountAdminService service, AccountLifecycle lifecycle, MailArchive archive, WebLogin webLogin, AuditLog audit,
                         RestSupport rest) {
        this.webLogin = webLogin;
        this.audit = audit;
        this.service = service;
        this.lifecycle = lifecycle;
        this.archive = archive;
        this.rest = rest;
    }

    @Override
    public String getBasePath() {
        return BASE;
    }

    @Override
    public void define(Service spark) {
        spark.post(BASE, rest.json((request, response) -> {
            caller(request).requireSuper();
            JsonNode body = body(request);
            Account account = service.create(new AccountAdminService.Creation(
                text(body, "id", true), text(body, "name", true),
                enumValue(AccountType.class, text(body, "type", false), AccountType.INDIVIDUAL),
                text(body, "institution", false),
                enumValue(AccountStatus.class, text(body, "status", false), AccountStatus.APPROVED),
                text(body, "password", true), certificate(body), text(body, "language", false)), caller(request));
            response.status(201);
            return full(account);
        }));
        spark.get(BASE, rest.json((request, response) -> {
            Optional<AccountStatus> status = Optional.ofNullable(request.queryParams("status"))
                .map(value -> enumValue(AccountStatus.class, value, null));
            return service.list(caller(request), status, Optional.ofNullable(request.queryParams("institution")),
                number(request.queryParams("offset"), 0), RestSupport.limit(request)).stream().map(AccountViews::summary).toList();
        }));
        spark.get(BASE + "/:id", rest.json((request, response) -> full(service.get(caller(request), request.params("id")))));

        spark.put(BASE + "/:id/status", rest.json((request, response) -> {
            JsonNode body = body(request);
            return AccountViews.summary(lifecycle.changeStatus(caller(request), request.params("id"),
                enumValue(AccountStatus.class, text(body, "status", true), null), text(body, "reason", false)));
        }));
        spark.post(BASE + "/:id/approve", rest.json((request, response) ->
            AccountViews.summary(lifecycle.approve(caller(request), request.params("id")))));
        spark.post(BASE + "/:id/reject", rest.json((request, response) ->
            AccountViews.summary(lifecycle.reject(caller(request), request.params("id"), text(body(request), "reason", true)))));
        spark.post(BASE + "/:id/suspend", rest.json((request, response) ->
            AccountViews.summary(lifecycle.suspend(caller(request), request.params("id"), text(body(request), "reason", true)))));
        spark.post(BASE + "/:id/reinstate", rest.json((request, response) ->
            AccountViews.summary(lifecycle.reinstate(caller(request), request.params("id")))));
        spark.post(BASE + "/:id/retire", rest.json((request, response) -> {
            JsonNode body = body(request);
            return AccountViews.summary(lifecycle.retire(caller(request), request.params("id"), text(body, "reason", true),
                RestSupport.instant(text(body, "at", false), "at"), Optional.ofNullable(text(body, "redirectTo", false))));
        }));
        spark.delete(BASE + "/:id/retirement", rest.json((request, response) ->
            AccountViews.summary(lifecycle.cancelRetirement(caller(request), request.params("id")))));

        defineHolderRoutes(spark, BASE + "/:id");
    }

    /** The routes an account holder may use on their own account, under {@code path} (with or without {@code :id}). */
    void defineHolderRoutes(Service spark, String path) {
        {
            spark.post(path + "/certificates", rest.json((request, response) -> {
                JsonNode body = body(request);
                byte[] certificate = certificate(body);
                Caller caller = caller(request);
                if (caller.account().isPresent() && caller.account().get().equalsIgnoreCase(target(request))) {
                    proveHolding(request, body, certificate);
                }
                response.status(201);
                return AccountViews.certificate(lifecycle.registerCertificate(caller, target(request), certificate,
                    flag(body, "replace")));
            }));
            spark.delete(path + "/certificates/:fingerprint", rest.json((request, response) ->
                AccountViews.certificate(lifecycle.revokeCertificate(caller(request), target(request), request.params("fingerprint"),
                    Optional.ofNullable(request.queryParams("reason")).filter(reason -> !reason.isBlank()).orElse("revoked by " + caller(request).login())))));
            spark.get(path + "/folders", rest.json((request, response) -> {
                Account account = lifecycle.requireExportable(caller(request), target(request), "MAIL_FOLDERS");
                return archive.folders(account.id()).stream().map(folder -> Map.of("name", folder.name(), "messages", folder.messages())).toList();
            }));
            spark.get(path + "/export", rest.json((request, response) -> {
                Account account = lifecycle.requireExportable(caller(request), target(request));
                String folder = request.queryParams("folder");
                String local = account.id().substring(0, account.id().indexOf('@'));
                if (folder == null || folder.isBlank()) {
                    return new RestSupport.Streamed("application/zip", local + "-mail.zip", out -> archive.writeZip(account.id(), out));
                }
                // Checked before streaming starts, so a wrong name is a JSON 404 and not a broken download.
                boolean known = archive.folders(account.id()).stream().anyMatch(existing -> existing.name().equals(folder)
                    || (existing.name().equalsIgnoreCase("INBOX") && folder.equalsIgnoreCase("INBOX")));
                if (!known) {
                    throw new GovmailAuthException(Reason.FOLDER_NOT_FOUND, "no folder '" + folder + "' in " + account.id());
                }
                return new RestSupport.Streamed("application/mbox", local + "-" + folder.replaceAll("[^A-Za-z0-9._-]", "_") + ".mbox",
                    out -> archive.writeMbox(account.id(), folder, out));
            }));
        }
    }

    void defineSelf(Service spark) {
        spark.get(ME, rest.json((request, response) -> full(service.get(caller(request), self(request)))));
        spark.get(ME + "/logins", rest.json((request, response) -> {
            AuditQuery query = new AuditQuery(Optional.of(self(request)), Optional.empty(), Optional.of("LOGIN"), Optional.empty(),
                Optional.empty(), Optional.empty(), 0, Math.min(RestSupport.number(request.queryParams("limit"), 20), 200));
            return audit.query(query).stream().map(AccountViews::login).toList();
        }));
        defineHolderRoutes(spark, ME);
    }

    /**
     * A holder registering a certificate for themselves proves they hold its key, by signing a login
     * challenge their front end fetched with it: a stolen token alone cannot attach someone's certificate.
     */
    private void proveHolding(Request request, JsonNode body, byte[] certificate) throws GovmailAuthException {
        String client = request.attribute(RestSupport.FRONT_END);
        if (client == null) {
            throw new GovmailAuthException(Reason.FORBIDDEN, "registering one's own certificate needs a web login token");
        }
        if (body.get("signature") == null) {
            throw new RestSupport.BadRequest(400, Reason.REQUEST_INVALID,
                "'nonce' and 'signature': sign a challenge from POST /govmail/auth/challenge with the new certificate's key");
        }
        ChallengeSignatureVerifier.SignedChallenge signed = RestSupport.signedChallenge(body);
        X509Certificate signer = webLogin.proveKey(client, caller(request).address(), text(body, "nonce", true),
            new ChallengeSignatureVerifier.SignedChallenge(signed.format(), signed.signature(), signed.algorithm(), Optional.of(certificate)));
        if (!Certificates.fingerprint(signer).equals(Certificates.fingerprint(Certificates.parse(certificate)))) {
            throw new GovmailAuthException(Reason.SIGNATURE_INVALID, "the challenge was not signed with the certificate being registered");
        }
    }

    private Map<String, Object> full(Account account) {
        return AccountViews.full(account, service.certificates(account.id()));
    }

    /** {@code /govmail/me/...} means the caller's own account. */
    private static String target(Request request) throws GovmailAuthException {
        String id = request.params("id");
        return id != null ? id : self(request);
    }

    private static String self(Request request) throws GovmailAuthException {
        return caller(request).account().orElseThrow(() ->
            new GovmailAuthException(Reason.FORBIDDEN, "/govmail/me is for account holders, not " + caller(request).login()));
    }
}
