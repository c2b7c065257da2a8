package org.govmail.auth.tools;

/**
 * How many terminal columns text takes: East Asian wide and fullwidth characters (Hangul syllables,
 * Hanja, fullwidth forms — UAX #11 classes W and F) take two, combining marks and the medial/final
 * conjoining Hangul jamo none, everything else one. Without this, tables holding Korean names do not line
 * up: {@code String.length()} counts 김선우 as 3 but a terminal draws it 6 columns wide.
 */
final class DisplayWidth {
    private DisplayWidth() {
    }

    static int of(String text) {
        return text.codePoints().map(DisplayWidth::of).sum();
    }

    static int of(int codePoint) {
        if (codePoint >= 0x1160 && codePoint <= 0x11FF) {
            return 0; // jungseong/jongseong: drawn inside the syllable their choseong starts
        }
        switch (Character.getType(codePoint)) {
            case Character.NON_SPACING_MARK, Character.ENCLOSING_MARK, Character.FORMAT, Character.CONTROL -> {
                return 0;
            }
            default -> {
                return wide(codePoint) ? 2 : 1;
            }
        }
    }

    /** The W and F ranges of the East Asian Width property that Korean administration text meets. */
    private static boolean wide(int c) {
        return c >= 0x1100 && c <= 0x115F          // Hangul Jamo choseong
            || c == 0x2329 || c == 0x232A
            || c >= 0x2E80 && c <= 0x303E          // CJK radicals, Kangxi, CJK symbols and punctuation
            || c >= 0x3041 && c <= 0x33FF          // kana, Hangul compatibility jamo, enclosed CJK, CJK compatibility
            || c >= 0x3400 && c <= 0x4DBF          // CJK extension A
            || c >= 0x4E00 && c <= 0x9FFF          // CJK unified ideographs (Hanja)
            || c >= 0xA000 && c <= 0xA4CF          // Yi
            || c >= 0xA960 && c <= 0xA97F          // Hangul Jamo extended-A
            || c >= 0xAC00 && c <= 0xD7A3          // Hangul syllables
            || c >= 0xF900 && c <= 0xFAFF          // CJK compatibility ideographs
            || c >= 0xFE10 && c <= 0xFE19          // vertical forms
            || c >= 0xFE30 && c <= 0xFE6F          // CJK compatibility forms, small form variants
            || c >= 0xFF00 && c <= 0xFF60          // fullwidth forms
            || c >= 0xFFE0 && c <= 0xFFE6
            || c >= 0x1F300 && c <= 0x1F64F        // emoji a user might put in a reason
            || c >= 0x1F900 && c <= 0x1F9FF
            || c >= 0x20000 && c <= 0x2FFFD        // CJK extensions B-F
            || c >= 0x30000 && c <= 0x3FFFD;
    }
}
