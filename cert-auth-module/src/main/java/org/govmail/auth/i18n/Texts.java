package org.govmail.auth.i18n;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

import org.govmail.auth.Reason;

/**
 * The user-facing texts (notification mails, bounces, API messages): Korean by default, English on
 * request. Bundles are {@code org/govmail/auth/i18n/texts_ko.properties} and {@code texts_en.properties}
 * (UTF-8); every text is a {@link MessageFormat} pattern, so a literal apostrophe is written {@code ''}.
 */
public final class Texts {
    public static final String KOREAN = "ko";
    public static final String ENGLISH = "en";
    private static final String BUNDLE = "org.govmail.auth.i18n.texts";

    /** "en" when the caller's first preference is English, otherwise Korean. */
    public static String language(String preference) {
        if (preference == null) {
            return KOREAN;
        }
        String first = preference.split(",")[0].trim().toLowerCase(Locale.ROOT);
        return first.startsWith(ENGLISH) ? ENGLISH : KOREAN;
    }

    /** A supported language code, or Korean for anything else. */
    public static String supported(String language) {
        return ENGLISH.equalsIgnoreCase(language) ? ENGLISH : KOREAN;
    }

    public String text(String language, String key, Object... arguments) {
        ResourceBundle bundle = ResourceBundle.getBundle(BUNDLE, Locale.forLanguageTag(supported(language)),
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        String pattern;
        try {
            pattern = bundle.getString(key);
        } catch (MissingResourceException e) {
            throw new IllegalStateException("no text " + key + " in " + language, e);
        }
        // Always through MessageFormat, so quoting in the bundles is the same with and without arguments.
        return new MessageFormat(pattern, Locale.forLanguageTag(supported(language))).format(arguments);
    }

    /** What a refusal says to its caller, in their language. */
    public String reason(String language, Reason reason) {
        return text(language, "reason." + reason.name());
    }
}
