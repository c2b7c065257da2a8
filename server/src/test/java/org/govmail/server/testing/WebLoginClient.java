package org.govmail.server.testing;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.Map;

import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.govmail.auth.cert.Certificates;
import org.govmail.auth.devpki.PkiBuilder.Issued;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The web front end as the tests play it: the development front end the server generated
 * ({@code var/frontend/dev}), asking for challenges, signing them with a user's certificate key the way a
 * browser certificate module does (CMS SignedData, Bouncy Castle) and logging in, refreshing and out.
 */
public final class WebLoginClient {
    public static final String FRONT_END = "webmail";

    private final GovmailProcess server;
    private final WebAdminClient frontEnd;

    WebLoginClient(GovmailProcess server) throws IOException {
        this.server = server;
        String secret = Files.readString(frontEndFolder(server).resolve(FRONT_END + ".secret")).strip();
        this.frontEnd = new WebAdminClient(server.webAdminPort(), "Basic "
            + Base64.getEncoder().encodeToString((FRONT_END + ":" + secret).getBytes(StandardCharsets.UTF_8)));
    }

    public static Path frontEndFolder(GovmailProcess server) {
        return server.root().resolve("var/frontend/dev");
    }

    /** The front end's own TLS client certificate and key, as its servers present them to IMAP/SMTP. */
    public static Path frontEndPkcs12(GovmailProcess server) {
        return frontEndFolder(server).resolve(FRONT_END + ".p12");
    }

    public WebAdminClient frontEnd() {
        return frontEnd;
    }

    public HttpResponse<String> challengeResponse(Map<String, String> headers) throws IOException, InterruptedException {
        return frontEnd.send("POST", "/govmail/auth/challenge", null, true, headers);
    }

    public String challenge() throws IOException, InterruptedException {
        HttpResponse<String> response = challengeResponse(Map.of());
        if (response.statusCode() != 201) {
            throw new IllegalStateException("challenge refused: " + response.statusCode() + " " + response.body());
        }
        return RestAnswers.json(response).get("nonce").asText();
    }

    /** Posts a login body as given; answers the raw response. */
    public HttpResponse<String> loginResponse(String body, Map<String, String> headers) throws IOException, InterruptedException {
        return frontEnd.send("POST", "/govmail/auth/login", body, true, headers);
    }

    /** Challenge, sign (attached CMS with the certificate inside), login: the token response. */
    public JsonNode login(Issued user) throws IOException, InterruptedException {
        String nonce = challenge();
        HttpResponse<String> response = loginResponse(cmsBody(nonce, cms(nonce.getBytes(StandardCharsets.UTF_8), user.key(),
            user.certificate(), true, "SHA256withRSA")), Map.of());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("login refused: " + response.statusCode() + " " + response.body());
        }
        return RestAnswers.json(response);
    }

    /** WebAdmin as the user this token belongs to. */
    public WebAdminClient as(JsonNode tokens) {
        return bearer(tokens.get("accessToken").asText());
    }

    public WebAdminClient bearer(String accessToken) {
        return new WebAdminClient(server.webAdminPort(), "Bearer " + accessToken);
    }

    public HttpResponse<String> refresh(String refreshToken) throws IOException, InterruptedException {
        return frontEnd.send("POST", "/govmail/auth/refresh", "{\"refreshToken\":" + WebAdminClient.quote(refreshToken) + "}", true);
    }

    public HttpResponse<String> logout(String token) throws IOException, InterruptedException {
        return frontEnd.send("POST", "/govmail/auth/logout", "{\"token\":" + WebAdminClient.quote(token) + "}", true);
    }

    public static String cmsBody(String nonce, byte[] cms) {
        return "{\"nonce\":" + WebAdminClient.quote(nonce) + ",\"signature\":" + WebAdminClient.quote(Base64.getEncoder().encodeToString(cms))
            + "}";
    }

    public static String cmsBody(String nonce, byte[] cms, X509Certificate certificate) {
        return "{\"nonce\":" + WebAdminClient.quote(nonce) + ",\"signature\":" + WebAdminClient.quote(Base64.getEncoder().encodeToString(cms))
            + ",\"certificate\":" + WebAdminClient.quote(Certificates.toPem(certificate)) + "}";
    }

    /** CMS SignedData over {@code content} by {@code key}; the certificate embedded; attached or detached. */
    public static byte[] cms(byte[] content, PrivateKey key, X509Certificate certificate, boolean attached, String algorithm) {
        try {
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder(algorithm).build(key), certificate));
            generator.addCertificate(new JcaX509CertificateHolder(certificate));
            return generator.generate(new CMSProcessableByteArray(content), attached).getEncoded();
        } catch (CMSException | OperatorCreationException | IOException | java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
