package org.govmail.auth.signup;

/**
 * Step 3 as the user enters it: their name (exactly as on the certificate), institution code, the local
 * part of the mail address they want (and optionally which of the institution's domains), a password,
 * the certificate (DER bytes of the {@code .cer} file, or PEM) and the language of their notices.
 */
public record Information(String name, String institution, String localPart, String domain, String password,
                          byte[] certificate, String language) {
}
