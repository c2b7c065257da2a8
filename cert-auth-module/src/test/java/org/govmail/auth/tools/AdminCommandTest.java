package org.govmail.auth.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * govmail-admin without a server: parsing, Korean-aware tables, exit codes, and what each command sends
 * (method, path, headers, body) and prints, against canned WebAdmin answers.
 */
class AdminCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    private static final String SECRET = "s3cr3t-Admin_Secret";
    /** Shaped like the web login's RS256 JWT; its content does not matter to govmail-admin. */
    private static final String TOKEN = "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCIsImtpZCI6IjIwMjYtMDEifQ"
        + ".eyJzdWIiOiJ5b3VuZ2hlZS5sZWVAa29yZWEua3IifQ.c2lnbmF0dXJlLW5vdC1jaGVja2VkLWhlcmU";
    private static final String KIM = """
        {"id":"sunwoo.kim@korea.kr","name":"김선우","type":"INDIVIDUAL","institution":"1741000","status":"PENDING",
         "statusReason":null,"statusChangedAt":"2026-03-02T01:16:05.880Z","language":"ko",
         "createdAt":"2026-03-02T01:16:05.880Z","updatedAt":"2026-03-02T01:16:05.880Z"}""";

    @TempDir
    Path home;

    private final List<Transport.Request> requests = new ArrayList<>();
    private Function<Transport.Request, Transport.Response> server = request -> answer(200, "[]");
    private Map<String, String> environment = Map.of();

    private record Run(int code, String out, String err) {
    }

    /** Canned WebAdmin: answers with {@link #server}; a download's 2xx body goes to the target file. */
    private final Transport transport = new Transport() {
        @Override
        public Response exchange(Request request) throws IOException {
            requests.add(request);
            Response response = server.apply(request);
            if (response == null) {
                throw new ConnectException("Connection refused");
            }
            return response;
        }

        @Override
        public Response download(Request request, Path target) throws IOException {
            Response response = exchange(request);
            if (response.status() / 100 == 2) {
                Files.write(target, response.body());
                return new Response(response.status(), response.contentType(), new byte[0]);
            }
            return response;
        }
    };

    @BeforeEach
    void installation() throws IOException {
        Files.createDirectories(home.resolve("conf"));
        Files.writeString(home.resolve("conf/jmxremote.password"), "# generated\njames-admin " + SECRET + "\n");
        Files.writeString(home.resolve("conf/webadmin.properties"), "enabled=true\nhost=127.0.0.1\nport=8123\n");
    }

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new AdminCommand(home, environment, transport, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), SEOUL)
            .run(List.of(args));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Transport.Response answer(int status, String body) {
        return new Transport.Response(status, "application/json; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    private static CommandLine parse(String... args) throws UsageException {
        return CommandLine.parse(List.of(args), AdminCommand.COMMANDS);
    }

    private Transport.Request only() {
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }

    private static JsonNode body(Transport.Request request) throws IOException {
        return JSON.readTree(request.body().orElseThrow());
    }

    // --- argument parsing ---

    @Test
    void optionsGoAnywhereAndTakeTheirValueSeparatelyOrAfterAnEqualsSign() throws Exception {
        CommandLine line = parse("--json", "retire", "sunwoo.kim@korea.kr", "--reason=정년 퇴직", "--at", "2026-03-31T15:00:00Z",
            "--redirect-to", "representative");
        assertThat(line.spec().name()).isEqualTo("retire");
        assertThat(line.arguments()).containsExactly("sunwoo.kim@korea.kr");
        assertThat(line.options()).containsEntry("reason", "정년 퇴직").containsEntry("at", "2026-03-31T15:00:00Z")
            .containsEntry("redirect-to", "representative");
        assertThat(line.flag("json")).isTrue();
    }

    @Test
    void twoWordCommandsAreMatchedOnBothWords() throws Exception {
        CommandLine line = parse("institutions", "appoint", "1741000", "younghee.lee@korea.kr", "--name", "이영희", "--phone", "044-205-1234");
        assertThat(line.spec().name()).isEqualTo("institutions appoint");
        assertThat(line.arguments()).containsExactly("1741000", "younghee.lee@korea.kr");
        assertThat(parse("institutions", "list").spec().name()).isEqualTo("institutions list");
    }

    @Test
    void doubleDashEndsTheOptions() throws Exception {
        assertThat(parse("show", "--", "--odd@korea.kr").arguments()).containsExactly("--odd@korea.kr");
    }

    @Test
    void everyMistakeIsAUsageErrorNamingWhatIsWrong() {
        assertThatThrownBy(() -> parse("reject", "sunwoo.kim@korea.kr")).isInstanceOf(UsageException.class).hasMessageContaining("--reason");
        assertThatThrownBy(() -> parse("reject", "sunwoo.kim@korea.kr", "--reason", " ")).hasMessageContaining("--reason");
        assertThatThrownBy(() -> parse("approve")).hasMessageContaining("approve ID");
        assertThatThrownBy(() -> parse("approve", "a@korea.kr", "b@korea.kr")).isInstanceOf(UsageException.class);
        assertThatThrownBy(() -> parse("approve", "a@korea.kr", "--reason", "x")).hasMessageContaining("takes no --reason");
        assertThatThrownBy(() -> parse("pending", "--replace")).hasMessageContaining("takes no --replace");
        assertThatThrownBy(() -> parse("list", "--status")).hasMessageContaining("--status needs a value");
        assertThatThrownBy(() -> parse("list", "--json=yes")).hasMessageContaining("--json takes no value");
        assertThatThrownBy(() -> parse("list", "--status", "PENDING", "--status", "APPROVED")).hasMessageContaining("twice");
        assertThatThrownBy(() -> parse("institutions", "rename", "1741000")).hasMessageContaining("unknown command 'institutions rename 1741000'");
        assertThatThrownBy(() -> parse("--json")).hasMessageContaining("no command");
    }

    @Test
    void theRemovedUserOptionIsRefusedWithWhatToDoInsteadWhereverItIs() throws Exception {
        for (List<String> args : List.of(List.of("pending", "--user", "younghee.lee@korea.kr"), List.of("--user=younghee.lee@korea.kr", "pending"),
                List.of("approve", "sunwoo.kim@korea.kr", "--user"), List.of("--user", "younghee.lee@korea.kr", "no-such-command"))) {
            assertThatThrownBy(() -> parse(args.toArray(String[]::new))).as("%s", args).isInstanceOf(UsageException.class)
                .hasMessageContaining("account passwords no longer work on the REST API").hasMessageContaining("GOVMAIL_TOKEN")
                .hasMessageContaining("POST /govmail/auth/login");
        }
        // After "--" it is an argument like any other.
        assertThat(parse("show", "--", "--user").arguments()).containsExactly("--user");
    }

    @Test
    void anOldScriptWithUserAndPasswordFailsInsteadOfActingAsTheSuperAdministrator() {
        environment = Map.of("GOVMAIL_PASSWORD", "correct horse battery");
        Run run = run("suspend", "sunwoo.kim@korea.kr", "--reason", "보안 점검", "--user", "younghee.lee@korea.kr");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).startsWith("govmail-admin: --user is gone: account passwords no longer work on the REST API")
            .contains("set GOVMAIL_TOKEN to an access token from the web login, POST /govmail/auth/login")
            .doesNotContain("correct horse battery");
        assertThat(requests).isEmpty();
    }

    @Test
    void usageListsEveryCommandAsTheParserAcceptsIt() {
        Run help = run("--help");
        assertThat(help.code()).isZero();
        for (CommandSpec spec : AdminCommand.COMMANDS) {
            assertThat(help.out()).contains(spec.synopsis());
        }
        assertThat(help.out()).contains("retire ID --reason TEXT [--at ISO-INSTANT] [--redirect-to ID|representative]")
            .contains("renew-cert ID FILE.cer|FILE.pem [--replace]")
            .contains("institutions create CODE --domains d1,d2 --name NAME --type TYPE");
        assertThat(help.out()).startsWith("usage: govmail-admin COMMAND [ARGUMENTS] [--url URL] [--lang en|ko] [--json]\n")
            .contains("with GOVMAIL_TOKEN set, the account of that access token").contains("POST /govmail/auth/login")
            .contains("never on the command").contains("conf/jmxremote.password")
            .doesNotContain("--user ID").doesNotContain("GOVMAIL_PASSWORD");
        Run none = run();
        assertThat(none.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("usage: govmail-admin");
    }

    @Test
    void argumentsMangledByANonUtf8LocaleAreRefusedNotSent() {
        Run run = run("reject", "sunwoo.kim@korea.kr", "--reason", "\uFFFD\uFFFD \uFFFD\uFFFD");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("UTF-8 locale");
        assertThat(requests).isEmpty();
    }

    @Test
    void valuesAreCheckedBeforeAnythingIsSent() {
        assertThat(run("retire", "a@korea.kr", "--reason", "전보", "--at", "next monday").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("list", "--status", "ACTIVE").err()).contains("--status must be one of");
        assertThat(run("audit", "--limit", "-1").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("institutions", "create", "1741000", "--name", "행정안전부", "--type", "MINISTRY", "--domains", "korea.kr").err())
            .contains("--type must be one of");
        assertThat(run("pending", "--lang", "fr").err()).contains("--lang must be en or ko");
        assertThat(run("pending", "--url", "ftp://127.0.0.1").err()).contains("--url must be");
        assertThat(run("renew-cert", "a@korea.kr", home.resolve("missing.cer").toString()).err()).contains("no such file");
        assertThat(requests).isEmpty();
    }

    // --- tables with Korean text ---

    @Test
    void hangulAndFullwidthTakeTwoColumnsCombiningMarksNone() {
        assertThat(DisplayWidth.of("김선우")).isEqualTo(6);
        assertThat(DisplayWidth.of("행정안전부")).isEqualTo(10);
        assertThat(DisplayWidth.of("sunwoo.kim@korea.kr")).isEqualTo(19);
        assertThat(DisplayWidth.of("김a")).isEqualTo(3);
        assertThat(DisplayWidth.of("ＡＢ")).isEqualTo(4);
        assertThat(DisplayWidth.of("漢字")).isEqualTo(4);
        assertThat(DisplayWidth.of("e\u0301")).isEqualTo(1);
        // 각 written as conjoining jamo (NFD) is one syllable wide, like its precomposed form.
        assertThat(DisplayWidth.of("\u1100\u1161\u11A8")).isEqualTo(DisplayWidth.of("각")).isEqualTo(2);
    }

    @Test
    void columnsLineUpByDisplayWidthWithKoreanNames() {
        String table = new TableRenderer(40).render(new TableRenderer.Table(List.of("ID", "NAME", "INSTITUTION", "STATUS"), List.of(
            List.of("sunwoo.kim@korea.kr", "김선우", "행정안전부", "PENDING"),
            List.of("a@korea.kr", "Anna Lee", "1741000", "APPROVED"),
            List.of("b@korea.kr", "남궁민", "통계청", "SUSPENDED"))));
        assertThat(table).isEqualTo("""
            ID                   NAME      INSTITUTION  STATUS
            sunwoo.kim@korea.kr  김선우    행정안전부   PENDING
            a@korea.kr           Anna Lee  1741000      APPROVED
            b@korea.kr           남궁민    통계청       SUSPENDED
            """);
        // Every STATUS value starts at the same terminal column: 19 + 2, 8 + 2, 11 + 2.
        List<String> lines = table.lines().toList();
        List<String> statuses = List.of("STATUS", "PENDING", "APPROVED", "SUSPENDED");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertThat(DisplayWidth.of(line.substring(0, line.lastIndexOf(statuses.get(i))))).as(line).isEqualTo(44);
        }
    }

    @Test
    void cellsStayOnOneLineAndLongOnesAreCutByWidthExceptTheLast() {
        String table = new TableRenderer(10).render(new TableRenderer.Table(List.of("NAME", "DETAIL"), List.of(
            List.of("행정안전부 정보화담당관실", "line one\nline two\tend"))));
        assertThat(table).isEqualTo("""
            NAME       DETAIL
            행정안...  line one line two end
            """);
        assertThat(table.lines()).allSatisfy(line -> assertThat(line).doesNotEndWith(" "));
    }

    @Test
    void labelValuePairsAlignToo() {
        assertThat(new TableRenderer(40).renderPairs(List.of(List.of("NAME", "김선우"), List.of("INSTITUTION", "1741000"), List.of("REASON", ""))))
            .isEqualTo("NAME         김선우\nINSTITUTION  1741000\nREASON\n");
    }

    // --- exit codes ---

    @Test
    void httpStatusesMapToExitCodes() {
        assertThat(ExitCodes.forStatus(200)).isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.forStatus(201)).isEqualTo(ExitCodes.OK);
        for (int status : new int[] {400, 401, 403, 404, 409, 410, 413, 429}) {
            assertThat(ExitCodes.forStatus(status)).as("%d", status).isEqualTo(ExitCodes.REFUSED);
        }
        for (int status : new int[] {500, 502, 503, 302}) {
            assertThat(ExitCodes.forStatus(status)).as("%d", status).isEqualTo(ExitCodes.UNAVAILABLE);
        }
    }

    @Test
    void aRefusalPrintsCodeMessageAndDetailAndExitsOne() {
        server = request -> answer(409, "{\"code\":\"STATUS_TRANSITION_INVALID\",\"message\":\"현재 계정 상태에서는 이 상태로 바꿀 수 없습니다.\","
            + "\"detail\":\"cannot go from REJECTED to APPROVED\"}");
        Run run = run("approve", "sunwoo.kim@korea.kr");
        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("STATUS_TRANSITION_INVALID: 현재 계정 상태에서는 이 상태로 바꿀 수 없습니다. (HTTP 409)")
            .contains("detail: cannot go from REJECTED to APPROVED");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void wrongCredentialsSayWhereCredentialsComeFrom() {
        server = request -> answer(401, "{\"code\":\"ADMIN_UNAUTHENTICATED\",\"message\":\"관리자 또는 계정 인증 정보가 필요합니다\",\"detail\":\"wrong credentials\"}");
        Run run = run("pending");
        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("ADMIN_UNAUTHENTICATED")
            .contains("credentials: sent as the super administrator james-admin (conf/jmxremote.password)")
            .contains("GOVMAIL_TOKEN when it is set").contains("POST /govmail/auth/login").doesNotContain(SECRET);
    }

    @Test
    void aRefusedTokenSaysToGetANewOne() {
        environment = Map.of("GOVMAIL_TOKEN", TOKEN);
        for (String code : List.of("TOKEN_EXPIRED", "TOKEN_REVOKED", "TOKEN_INVALID")) {
            server = request -> answer(401, "{\"code\":\"" + code + "\",\"message\":\"토큰이 만료되었습니다.\",\"detail\":\"exp in the past\"}");
            Run run = run("pending");
            assertThat(run.code()).as(code).isEqualTo(ExitCodes.REFUSED);
            assertThat(run.err()).as(code).contains(code + ": 토큰이 만료되었습니다. (HTTP 401)")
                .contains("token: the access token in GOVMAIL_TOKEN")
                .contains("log in on the web again (POST /govmail/auth/login) and set GOVMAIL_TOKEN to the new token")
                .doesNotContain(TOKEN);
        }
        server = request -> answer(401, "{\"code\":\"TOKEN_EXPIRED\",\"message\":\"The token has expired.\",\"detail\":\"\"}");
        assertThat(run("show", "sunwoo.kim@korea.kr").err()).contains("has expired (tokens are short-lived)");
    }

    @Test
    void anotherRefusalOfATokenSaysWhoWasSent() {
        environment = Map.of("GOVMAIL_TOKEN", TOKEN);
        server = request -> answer(401, "{\"code\":\"ACCOUNT_SUSPENDED\",\"message\":\"The account is suspended.\",\"detail\":\"\"}");
        Run run = run("pending");
        assertThat(run.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(run.err()).contains("ACCOUNT_SUSPENDED: The account is suspended. (HTTP 401)")
            .contains("credentials: sent as the account of the access token in GOVMAIL_TOKEN").doesNotContain(TOKEN);
    }

    @Test
    void serverFailuresAndUnreachableServersExitThree() {
        server = request -> answer(503, "{\"code\":\"CERT_REVOCATION_UNAVAILABLE\",\"message\":\"m\",\"detail\":\"no current CRL\"}");
        Run unavailable = run("show", "sunwoo.kim@korea.kr");
        assertThat(unavailable.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(unavailable.err()).contains("CERT_REVOCATION_UNAVAILABLE");

        server = request -> answer(500, "{\"statusCode\":500,\"type\":\"ServerError\",\"message\":\"WebAdmin encountered an unexpected internal error\"}");
        Run failed = run("housekeeping");
        assertThat(failed.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(failed.err()).contains("WebAdmin encountered an unexpected internal error (HTTP 500)");

        server = request -> null;
        Run refused = run("pending");
        assertThat(refused.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(refused.err()).contains("cannot connect to http://127.0.0.1:8123");

        server = request -> new Transport.Response(200, "text/html", "<html>".getBytes(StandardCharsets.UTF_8));
        assertThat(run("show", "sunwoo.kim@korea.kr").code()).isEqualTo(ExitCodes.UNAVAILABLE);
    }

    @Test
    void missingCredentialsAreAUsageError() throws IOException {
        Files.delete(home.resolve("conf/jmxremote.password"));
        Run run = run("pending");
        assertThat(run.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run.err()).contains("jmxremote.password").contains("or set GOVMAIL_TOKEN");
        assertThat(requests).isEmpty();

        // An account's token needs no jmxremote.password.
        environment = Map.of("GOVMAIL_TOKEN", TOKEN);
        assertThat(run("pending").code()).isZero();
        assertThat(only().headers()).containsEntry("Authorization", "Bearer " + TOKEN);
    }

    @Test
    void somethingElseThanATokenInGovmailTokenIsAUsageErrorThatDoesNotPrintIt() {
        for (String notAToken : List.of("Bearer " + TOKEN, TOKEN + "\r\nX-Injected: 1", "tok en", "토큰")) {
            environment = Map.of("GOVMAIL_TOKEN", notAToken);
            Run run = run("pending");
            assertThat(run.code()).as(notAToken).isEqualTo(ExitCodes.USAGE);
            assertThat(run.err()).as(notAToken).contains("GOVMAIL_TOKEN is not an access token").contains("without 'Bearer '")
                .doesNotContain(notAToken);
        }
        assertThat(requests).isEmpty();
    }

    @Test
    void credentialsNeverShowTheirSecret() throws Exception {
        AdminSettings.Credentials admin = new AdminSettings(home, Map.of()).credentials();
        assertThat(admin.toString()).contains("james-admin").doesNotContain(SECRET)
            .doesNotContain(admin.authorization().substring("Basic ".length()));
        AdminSettings.Credentials account = new AdminSettings(home, Map.of("GOVMAIL_TOKEN", TOKEN)).credentials();
        assertThat(account.authorization()).isEqualTo("Bearer " + TOKEN);
        assertThat(account.toString()).contains("GOVMAIL_TOKEN").doesNotContain(TOKEN);
    }

    // --- what commands send and print ---

    @Test
    void theSuperAdministratorComesFromJmxremotePasswordAndThePortFromWebadminProperties() throws Exception {
        server = request -> answer(200, KIM.replace("PENDING", "APPROVED"));
        Run run = run("approve", "sunwoo.kim@korea.kr");
        assertThat(run.code()).as(run.err()).isZero();
        Transport.Request request = only();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.uri().toString()).isEqualTo("http://127.0.0.1:8123/govmail/accounts/sunwoo.kim@korea.kr/approve");
        assertThat(request.headers().get("Authorization")).isEqualTo("Basic "
            + Base64.getEncoder().encodeToString(("james-admin:" + SECRET).getBytes(StandardCharsets.UTF_8)));
        assertThat(request.headers()).doesNotContainKey("Accept-Language");
        assertThat(request.body()).isEmpty();
        assertThat(run.out()).contains("ID              sunwoo.kim@korea.kr").contains("NAME            김선우")
            .contains("STATUS          APPROVED").contains("STATUS CHANGED  2026-03-02 10:16");
    }

    @Test
    void aBlankTokenVariableLeavesTheSuperAdministrator() {
        environment = Map.of("GOVMAIL_TOKEN", "  \n");
        assertThat(run("pending").code()).isZero();
        assertThat(only().headers().get("Authorization")).isEqualTo("Basic "
            + Base64.getEncoder().encodeToString(("james-admin:" + SECRET).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void anInstitutionAdministratorActsWithTheAccessTokenOfTheirWebLoginAndTheirLanguage() throws Exception {
        environment = Map.of("GOVMAIL_TOKEN", " " + TOKEN + "\n", "GOVMAIL_PASSWORD", "correct horse battery");
        server = request -> answer(200, KIM.replace("PENDING", "SUSPENDED").replace("\"statusReason\":null", "\"statusReason\":\"보안 점검\""));
        Run run = run("suspend", "sunwoo.kim@korea.kr", "--reason", "보안 점검", "--lang", "en", "--url", "http://10.0.0.5:9000/");
        assertThat(run.code()).as(run.err()).isZero();
        Transport.Request request = only();
        assertThat(request.uri().toString()).isEqualTo("http://10.0.0.5:9000/govmail/accounts/sunwoo.kim@korea.kr/suspend");
        // The token as it is (trimmed), and nothing of the super administrator or of an account password.
        assertThat(request.headers().get("Authorization")).isEqualTo("Bearer " + TOKEN);
        assertThat(request.headers()).containsEntry("Accept-Language", "en").containsEntry("Content-Type", "application/json; charset=utf-8");
        assertThat(body(request).path("reason").asText()).isEqualTo("보안 점검");
        assertThat(run.out()).contains("REASON          보안 점검");
    }

    @Test
    void listsAreReadPageByPageAndShownAsOneTable() {
        StringBuilder page = new StringBuilder("[");
        for (int i = 0; i < AdminOperations.PAGE; i++) {
            page.append(i == 0 ? "" : ",").append(KIM.replace("sunwoo.kim", "user" + i));
        }
        String full = page.append("]").toString();
        server = request -> answer(200, request.uri().getRawQuery().contains("offset=0&") ? full : "[" + KIM + "]");
        Run run = run("pending", "--institution", "1741000");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(requests).extracting(request -> request.uri().getRawQuery()).containsExactly(
            "status=PENDING&institution=1741000&offset=0&limit=1000", "status=PENDING&institution=1741000&offset=1000&limit=1000");
        assertThat(run.out().lines()).hasSize(AdminOperations.PAGE + 2);
        assertThat(run.out().lines().findFirst().orElseThrow()).startsWith("ID").contains("NAME").contains("INSTITUTION").contains("STATUS")
            .contains("CREATED");
    }

    @Test
    void jsonPrintsTheServersAnswer() throws Exception {
        server = request -> answer(200, "[" + KIM + "]");
        Run run = run("list", "--status", "pending", "--json");
        assertThat(only().uri().getRawQuery()).startsWith("status=PENDING&");
        assertThat(JSON.readTree(run.out()).get(0).path("name").asText()).isEqualTo("김선우");
    }

    @Test
    void theContactSearchIsPublicAndEncodesKorean() {
        environment = Map.of("GOVMAIL_TOKEN", TOKEN);
        server = request -> answer(200, """
            [{"code":"1741000","name":"행정안전부","type":"CENTRAL_MINISTRY","signupAllowed":true,"domains":["korea.kr"],
              "administrators":[{"name":"이영희","phone":"044-205-1234","mail":"younghee.lee@korea.kr"}]}]""");
        Run run = run("institutions", "search", "행정 안전");
        assertThat(run.code()).as(run.err()).isZero();
        Transport.Request request = only();
        assertThat(request.uri().getRawPath()).isEqualTo("/govmail/public/institutions");
        assertThat(request.uri().getRawQuery()).isEqualTo("name=%ED%96%89%EC%A0%95%20%EC%95%88%EC%A0%84");
        assertThat(request.headers()).doesNotContainKey("Authorization");
        assertThat(run.out()).isEqualTo("""
            CODE     INSTITUTION  ADMINISTRATOR  PHONE         MAIL
            1741000  행정안전부   이영희         044-205-1234  younghee.lee@korea.kr
            """);
    }

    @Test
    void institutionCommandsSendTheDocumentedBodies() throws Exception {
        String institution = "{\"code\":\"1741000\",\"name\":\"행정안전부\",\"type\":\"CENTRAL_MINISTRY\",\"signupAllowed\":true,"
            + "\"domains\":[\"korea.kr\",\"mois.go.kr\"],\"administrators\":[]}";
        server = request -> answer(request.method().equals("POST") ? 201 : 200, institution);
        assertThat(run("institutions", "create", "1741000", "--name", "행정안전부", "--type", "central_ministry",
            "--domains", "korea.kr, mois.go.kr").code()).isZero();
        assertThat(run("institutions", "appoint", "1741000", "younghee.lee@korea.kr", "--name", "이영희").code()).isZero();
        assertThat(run("institutions", "dismiss", "1741000", "younghee.lee@korea.kr").code()).isZero();
        assertThat(requests).extracting(request -> request.method() + " " + request.uri().getRawPath()).containsExactly(
            "POST /govmail/institutions",
            "PUT /govmail/institutions/1741000/administrators/younghee.lee@korea.kr",
            "DELETE /govmail/institutions/1741000/administrators/younghee.lee@korea.kr");
        assertThat(body(requests.get(0))).isEqualTo(JSON.readTree(
            "{\"code\":\"1741000\",\"name\":\"행정안전부\",\"type\":\"CENTRAL_MINISTRY\",\"domains\":[\"korea.kr\",\"mois.go.kr\"]}"));
        assertThat(body(requests.get(1))).isEqualTo(JSON.readTree("{\"name\":\"이영희\"}"));
    }

    @Test
    void retirementSendsAtAndRedirectAsTheApiNamesThem() throws Exception {
        server = request -> answer(200, KIM);
        assertThat(run("retire", "sunwoo.kim@korea.kr", "--reason", "전보", "--at", "2026-03-31T15:00:00Z", "--redirect-to", "representative")
            .code()).isZero();
        assertThat(body(only())).isEqualTo(JSON.readTree("{\"reason\":\"전보\",\"at\":\"2026-03-31T15:00:00Z\",\"redirectTo\":\"representative\"}"));
    }

    @Test
    void certificatesGoAsPemTextOrBase64Der() throws Exception {
        byte[] der = {0x30, (byte) 0x82, 0x01, 0x0a, 0x02, 0x01};
        Path cer = Files.write(home.resolve("signCert.cer"), der);
        Path pem = Files.writeString(home.resolve("signCert.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
        server = request -> answer(201, "{\"fingerprint\":\"ab\",\"active\":true,\"notAfter\":\"2028-03-10T14:59:59Z\"}");
        assertThat(run("renew-cert", "sunwoo.kim@korea.kr", cer.toString(), "--replace").code()).isZero();
        assertThat(run("renew-cert", "sunwoo.kim@korea.kr", pem.toString()).code()).isZero();
        assertThat(body(requests.get(0)).path("certificate").asText()).isEqualTo(Base64.getEncoder().encodeToString(der));
        assertThat(body(requests.get(0)).path("replace").asBoolean()).isTrue();
        assertThat(body(requests.get(1)).path("certificate").asText()).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(body(requests.get(1)).path("replace").asBoolean()).isFalse();
        assertThat(requests.get(0).uri().getRawPath()).isEqualTo("/govmail/accounts/sunwoo.kim@korea.kr/certificates");
    }

    @Test
    void revocationAndAuditPutTheirOptionsInTheQuery() {
        server = request -> answer(200, request.uri().getRawPath().startsWith("/govmail/audit") ? "[]"
            : "{\"fingerprint\":\"ab\",\"active\":false,\"revokedAt\":\"2026-03-20T02:00:00Z\",\"revocationReason\":\"분실\"}");
        assertThat(run("revoke-cert", "sunwoo.kim@korea.kr", "AB12", "--reason", "인증서 분실").code()).isZero();
        assertThat(run("audit", "--account", "Sunwoo.Kim@korea.kr", "--action", "ACCOUNT_APPROVE", "--limit", "20").code()).isZero();
        assertThat(requests.get(0).method()).isEqualTo("DELETE");
        assertThat(requests.get(0).uri().getRawPath()).isEqualTo("/govmail/accounts/sunwoo.kim@korea.kr/certificates/AB12");
        assertThat(requests.get(0).uri().getRawQuery()).isEqualTo("reason=%EC%9D%B8%EC%A6%9D%EC%84%9C%20%EB%B6%84%EC%8B%A4");
        assertThat(requests.get(1).uri().getRawQuery()).isEqualTo("account=sunwoo.kim%40korea.kr&action=ACCOUNT_APPROVE&limit=20");
    }

    @Test
    void pathSegmentsAreEscaped() {
        assertThat(AdminClient.path("govmail", "accounts", "kim@korea.kr")).isEqualTo("/govmail/accounts/kim@korea.kr");
        assertThat(AdminClient.segment("a/b c?")).isEqualTo("a%2Fb%20c%3F");
        assertThat(AdminClient.segment("기관")).isEqualTo("%EA%B8%B0%EA%B4%80");
    }

    @Test
    void anExportIsWrittenWholeAndItsManifestShown() throws Exception {
        byte[] zip = zip("{\"account\":\"sunwoo.kim@korea.kr\",\"format\":\"mboxrd\",\"folders\":["
            + "{\"name\":\"INBOX\",\"file\":\"INBOX.mbox\",\"messages\":3},{\"name\":\"프로젝트\",\"file\":\"프로젝트.mbox\",\"messages\":1}]}");
        server = request -> new Transport.Response(200, "application/zip", zip);
        Path out = home.resolve("kim.zip");
        Run run = run("export", "sunwoo.kim@korea.kr", "--out", out.toString());
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(zip);
        assertThat(only().uri().getRawPath()).isEqualTo("/govmail/accounts/sunwoo.kim@korea.kr/export");
        assertThat(run.out()).contains("written " + out).contains("INBOX     3         INBOX.mbox").contains("프로젝트  1");
        try (var files = Files.list(home)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }

        Run again = run("export", "sunwoo.kim@korea.kr", "--out", out.toString());
        assertThat(again.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(again.err()).contains("exists");
    }

    @Test
    void aCutOffOrRefusedExportLeavesNoFile() throws Exception {
        server = request -> new Transport.Response(200, "application/zip", new byte[] {'P', 'K', 3, 4, 0});
        Path cut = home.resolve("cut.zip");
        Run run = run("export", "sunwoo.kim@korea.kr", "--out", cut.toString());
        assertThat(run.code()).isEqualTo(ExitCodes.UNAVAILABLE);
        assertThat(run.err()).contains("not a complete ZIP");

        server = request -> answer(403, "{\"code\":\"FORBIDDEN\",\"message\":\"m\",\"detail\":\"administrators export mail only of retired accounts\"}");
        Path refused = home.resolve("refused.zip");
        Run forbidden = run("export", "sunwoo.kim@korea.kr", "--out", refused.toString(), "--folder", "INBOX");
        assertThat(forbidden.code()).isEqualTo(ExitCodes.REFUSED);
        assertThat(requests.get(1).uri().getRawQuery()).isEqualTo("folder=INBOX");
        assertThat(refused).doesNotExist();
        try (var files = Files.list(home)) {
            assertThat(files.map(path -> path.getFileName().toString())).noneMatch(name -> name.endsWith(".part"));
        }
    }

    @Test
    void housekeepingAndShowRenderTheirRecordsWithFingerprintsWhole() {
        String fingerprint = "5f1d3a0c9b7e2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c6e8b0d1f";
        server = request -> answer(200, request.method().equals("POST") ? "{\"retired\":1,\"reminders\":3,\"purged\":0}" : KIM.replace("}",
            ",\"certificates\":[{\"fingerprint\":\"" + fingerprint + "\",\"scheme\":\"GPKI\",\"subject\":\"CN=김선우\","
                + "\"notAfter\":\"2026-03-31T14:59:59Z\",\"active\":true}]}"));
        assertThat(run("housekeeping").out()).isEqualTo("RETIRED         1\nREMINDERS SENT  3\nMAIL PURGED     0\n");
        assertThat(run("show", "sunwoo.kim@korea.kr").out()).contains("CERTIFICATES\nFINGERPRINT" + " ".repeat(55) + "SCHEME  NOT AFTER         STATE   SUBJECT\n"
            + fingerprint + "  GPKI    2026-03-31 23:59  active  CN=김선우\n");
    }

    private static byte[] zip(String manifest) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes, StandardCharsets.UTF_8)) {
            zip.putNextEntry(new ZipEntry("INBOX.mbox"));
            zip.write("From MAILER-DAEMON Thu Jan  1 00:00:00 1970\n\nhi\n".getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("manifest.json"));
            zip.write(manifest.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }
}
