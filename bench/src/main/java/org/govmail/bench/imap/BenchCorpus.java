package org.govmail.bench.imap;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.IntPredicate;

/**
 * The messages a benchmark mailbox is filled with: deterministic for a seed, each unique, shaped like
 * ministry mail (Korean and English text, encoded Korean names and subjects, some base64 bodies, some
 * CSV attachments), 2 to 20 KB of text each. Certain words are planted in a known share of the
 * messages, so every search in {@link #searches(int)} has an exact expected answer and a server that
 * answers wrong (a broken index, an undecoded header) is caught during the run, not after.
 *
 * <p>Planted words, by message number n (0-based):
 * <ul>
 *   <li>body, ASCII: "quarterlyreport" when n % 10 == 0, "inspectionmemo" when n % 25 == 12,
 *   "emergencydrill" when n % 100 == 42;</li>
 *   <li>body, Korean: "예산안" when n % 10 == 5, "국정감사" when n % 50 == 21;</li>
 *   <li>subject: an ASCII topic word ("Status report No.000042 on budget") and a Korean encoded word with
 *   the topic in Korean, topic n % 8;</li>
 *   <li>from: sender n % 20, e.g. sender07@moef.go.kr, with an encoded Korean display name except
 *   every fourth sender (3, 7, ...), a system writing from a bare address.</li>
 * </ul>
 */
public final class BenchCorpus {
    public static final String ASCII_BODY_TOKEN = "quarterlyreport";
    public static final String KOREAN_BODY_TOKEN = "예산안";

    private record Planted(String word, int modulus, int remainder) {
        boolean in(int number) {
            return number % modulus == remainder;
        }
    }

    private static final List<Planted> ASCII_WORDS = List.of(
        new Planted(ASCII_BODY_TOKEN, 10, 0), new Planted("inspectionmemo", 25, 12), new Planted("emergencydrill", 100, 42));
    private static final List<Planted> KOREAN_WORDS = List.of(
        new Planted(KOREAN_BODY_TOKEN, 10, 5), new Planted("국정감사", 50, 21));

    private static final String[] TOPICS = {"budget", "audit", "procurement", "personnel", "security", "training", "facilities", "policy"};
    private static final String[] TOPICS_KOREAN = {"예산", "감사", "조달", "인사", "보안", "교육", "시설", "정책"};
    private static final int SENDERS = 20;
    private static final String[] DOMAINS = {"mois.go.kr", "moef.go.kr", "mofa.go.kr", "me.go.kr", "korea.kr"};
    private static final String[] NAMES = {"김민준", "이서연", "박지훈", "최수아", "정도윤", "강하은", "조예준", "윤지우", "장서준", "임채원"};

    /** Filler: none of these may contain a planted word (checked when the class loads). */
    private static final String[] KOREAN_SENTENCES = {
        "안녕하십니까. 행정안전부 정보화담당관실입니다.",
        "지난 회의에서 논의된 사항을 아래와 같이 정리하여 공유드립니다.",
        "각 부서에서는 검토 의견을 이번 주 금요일까지 회신하여 주시기 바랍니다.",
        "첨부된 자료는 내부 검토용이므로 외부 유출에 유의하시기 바랍니다.",
        "관련 문의 사항은 담당자에게 전화 또는 메일로 연락 주십시오.",
        "시스템 점검으로 인하여 일부 서비스가 일시 중단될 예정입니다.",
        "협조해 주셔서 감사합니다. 좋은 하루 되십시오.",
        "정부 청사 출입 절차가 다음 달부터 일부 변경됩니다.",
        "보고서 초안은 공유 폴더에 등록되어 있으니 참고하시기 바랍니다.",
        "민원 처리 현황을 주간 단위로 집계하여 보고하여 주십시오.",
        "교육 일정은 추후 별도로 안내드리겠습니다.",
        "회의실 예약은 총무과를 통하여 신청하시면 됩니다.",
    };
    private static final String[] ENGLISH_SENTENCES = {
        "Please review the attached schedule and send your comments by Friday.",
        "The meeting has been moved to the third floor conference room.",
        "This message is for internal review only and must not be forwarded outside.",
        "Thank you for your cooperation during the system maintenance window.",
        "The draft has been uploaded to the shared folder for your reference.",
        "Contact the duty officer if the service does not respond after the update.",
        "Weekly figures will be collected every Monday morning from now on.",
        "Travel requests must be approved by the head of division in advance.",
    };

    static {
        for (Planted planted : concat(ASCII_WORDS, KOREAN_WORDS)) {
            for (String sentence : concat(List.of(KOREAN_SENTENCES), List.of(ENGLISH_SENTENCES))) {
                if (sentence.contains(planted.word())) {
                    throw new ExceptionInInitializerError("filler contains the planted word " + planted.word());
                }
            }
        }
    }

    private static final ZonedDateTime FIRST_DATE = ZonedDateTime.of(2024, 3, 4, 9, 0, 0, 0, ZoneOffset.ofHours(9));
    private static final String RECIPIENT = "kim@korea.kr";

    private final long seed;

    /** Different seeds give different texts and Message-IDs; the planted shares are the same. */
    public BenchCorpus(long seed) {
        this.seed = seed;
    }

    /** Message number {@code number} of the corpus (0-based), RFC 5322 with CRLF line ends. */
    public byte[] message(int number) {
        Random random = new Random(seed * 1_000_003L + number);
        int topic = number % TOPICS.length;
        int sender = number % SENDERS;
        String subject = "Status report No." + String.format(Locale.ROOT, "%06d", number) + " on " + TOPICS[topic] + " "
            + encodedWord(TOPICS_KOREAN[topic] + " 업무 협조 요청 제" + number + "호");
        List<String> planted = new ArrayList<>();
        for (Planted word : ASCII_WORDS) {
            if (word.in(number)) {
                planted.add("Please see the " + word.word() + " summary in section 2.");
            }
        }
        for (Planted word : KOREAN_WORDS) {
            if (word.in(number)) {
                planted.add("이번 " + word.word() + " 관련 자료를 확인하여 주시기 바랍니다.");
            }
        }
        String text = text(random, 2048 + random.nextInt(18 * 1024), planted);
        byte[] attachment = number % 7 == 3 ? csv(random, number) : null;
        return compose(new Headers(
                "<bench." + seed + "." + number + "@korea.kr>",
                FIRST_DATE.plusMinutes(37L * number),
                namedSender(sender) ? encodedWord(NAMES[sender % NAMES.length]) + " <" + senderAddress(sender) + ">" : senderAddress(sender),
                subject),
            text, number % 3 == 2, attachment, "figures-" + String.format(Locale.ROOT, "%06d", number) + ".csv");
    }

    /** The flags a message is appended with: most mail in a working mailbox has been read. */
    public List<String> flags(int number) {
        return number % 10 < 6 ? List.of("\\Seen") : List.of();
    }

    /**
     * A message the workload appends and deletes again: same shape, 2 to 6 KB, but none of the planted
     * words, topics or senders, so it never changes a search's expected answer.
     */
    public byte[] transientMessage(int client, long sequence) {
        Random random = new Random(seed * 7_919L + client * 1_000_003L + sequence);
        return compose(new Headers(transientMessageId(client, sequence), ZonedDateTime.now(ZoneOffset.ofHours(9)),
                encodedWord("부하 시험") + " <workload@korea.kr>",
                "[draft] Working note w" + client + "-" + sequence + " " + encodedWord("임시 메모")),
            text(random, 2048 + random.nextInt(4 * 1024), List.of()), sequence % 2 == 1, null, null);
    }

    /** The Message-ID of {@link #transientMessage}, for finding it on a server without UIDPLUS. */
    public String transientMessageId(int client, long sequence) {
        return "<bench." + seed + ".w" + client + "." + sequence + "@korea.kr>";
    }

    /** Every search with a known answer over the first {@code size} messages, grouped by label. */
    public List<CorpusSearch> searches(int size) {
        List<CorpusSearch> searches = new ArrayList<>();
        for (int t = 0; t < TOPICS.length; t++) {
            int topic = t;
            searches.add(new CorpusSearch("UID SEARCH SUBJECT ascii", "SUBJECT", TOPICS[t], count(size, n -> n % TOPICS.length == topic)));
        }
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            searches.add(new CorpusSearch(namedSender(s) ? "UID SEARCH FROM named" : "UID SEARCH FROM bare", "FROM", senderAddress(s),
                count(size, n -> n % SENDERS == sender)));
        }
        for (Planted word : ASCII_WORDS) {
            searches.add(new CorpusSearch("UID SEARCH BODY ascii", "BODY", word.word(), count(size, word::in)));
        }
        for (Planted word : KOREAN_WORDS) {
            searches.add(new CorpusSearch("UID SEARCH BODY Korean", "BODY", word.word(), count(size, word::in)));
        }
        for (int t = 0; t < TOPICS.length; t++) {
            int topic = t;
            searches.add(new CorpusSearch("UID SEARCH SUBJECT Korean", "SUBJECT", TOPICS_KOREAN[t], count(size, n -> n % TOPICS.length == topic)));
        }
        return searches;
    }

    /** Most senders are people with a (Korean, encoded) display name; every fourth is a system sending from a bare address. */
    private static boolean namedSender(int sender) {
        return sender % 4 != 3;
    }

    private static String senderAddress(int sender) {
        return String.format(Locale.ROOT, "sender%02d@%s", sender, DOMAINS[sender % DOMAINS.length]);
    }

    private static int count(int size, IntPredicate matches) {
        int count = 0;
        for (int n = 0; n < size; n++) {
            if (matches.test(n)) {
                count++;
            }
        }
        return count;
    }

    /** About {@code targetBytes} of UTF-8 text in paragraphs, lines wrapped at spaces, the planted sentences at random places. */
    private static String text(Random random, int targetBytes, List<String> planted) {
        List<String> sentences = new ArrayList<>();
        int bytes = 0;
        while (bytes < targetBytes) {
            String sentence = random.nextInt(3) < 2
                ? KOREAN_SENTENCES[random.nextInt(KOREAN_SENTENCES.length)]
                : ENGLISH_SENTENCES[random.nextInt(ENGLISH_SENTENCES.length)];
            sentences.add(sentence);
            bytes += sentence.getBytes(StandardCharsets.UTF_8).length + 1;
        }
        for (String sentence : planted) {
            sentences.add(random.nextInt(sentences.size() + 1), sentence);
        }
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < sentences.size()) {
            int paragraphEnd = Math.min(sentences.size(), i + 3 + random.nextInt(4));
            wrap(String.join(" ", sentences.subList(i, paragraphEnd)), 72, text);
            text.append("\r\n");
            i = paragraphEnd;
        }
        return text.toString();
    }

    private static void wrap(String paragraph, int width, StringBuilder into) {
        int lineLength = 0;
        for (String word : paragraph.split(" ")) {
            if (lineLength > 0 && lineLength + 1 + word.length() > width) {
                into.append("\r\n");
                lineLength = 0;
            } else if (lineLength > 0) {
                into.append(' ');
                lineLength++;
            }
            into.append(word);
            lineLength += word.length();
        }
        into.append("\r\n");
    }

    /** 1 to 6 KB of figures: the kind of small attachment a status report carries. */
    private static byte[] csv(Random random, int number) {
        StringBuilder csv = new StringBuilder("month,division,amount\r\n");
        int rows = 40 + random.nextInt(200);
        for (int r = 0; r < rows; r++) {
            csv.append(String.format(Locale.ROOT, "2024-%02d,D%02d,%d\r\n", 1 + r % 12, number % 40, random.nextInt(10_000_000)));
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private record Headers(String messageId, ZonedDateTime date, String from, String subject) {
    }

    private static byte[] compose(Headers headers, String text, boolean base64Text, byte[] attachment, String attachmentName) {
        StringBuilder head = new StringBuilder()
            .append("Message-ID: ").append(headers.messageId()).append("\r\n")
            .append("Date: ").append(DateTimeFormatter.RFC_1123_DATE_TIME.format(headers.date())).append("\r\n")
            .append("From: ").append(headers.from()).append("\r\n")
            .append("To: ").append(encodedWord("김벤치")).append(" <").append(RECIPIENT).append(">\r\n")
            .append("Subject: ").append(headers.subject()).append("\r\n")
            .append("MIME-Version: 1.0\r\n");
        String textPart = "Content-Type: text/plain; charset=UTF-8\r\n"
            + "Content-Transfer-Encoding: " + (base64Text ? "base64" : "8bit") + "\r\n\r\n"
            + (base64Text ? base64(text.getBytes(StandardCharsets.UTF_8)) : text);
        if (attachment == null) {
            head.append(textPart);
            return head.toString().getBytes(StandardCharsets.UTF_8);
        }
        String boundary = "=_bench_" + headers.messageId().hashCode();
        head.append("Content-Type: multipart/mixed; boundary=\"").append(boundary).append("\"\r\n\r\n")
            .append("This is a multi-part message in MIME format.\r\n\r\n")
            .append("--").append(boundary).append("\r\n").append(textPart)
            .append("--").append(boundary).append("\r\n")
            .append("Content-Type: text/csv; charset=UTF-8; name=\"").append(attachmentName).append("\"\r\n")
            .append("Content-Disposition: attachment; filename=\"").append(attachmentName).append("\"\r\n")
            .append("Content-Transfer-Encoding: base64\r\n\r\n")
            .append(base64(attachment))
            .append("--").append(boundary).append("--\r\n");
        return head.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(byte[] data) {
        return Base64.getMimeEncoder(76, new byte[] {'\r', '\n'}).encodeToString(data) + "\r\n";
    }

    private static String encodedWord(String text) {
        return "=?UTF-8?B?" + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)) + "?=";
    }

    private static <T> List<T> concat(List<? extends T> a, List<? extends T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
