package org.govmail.auth;

/**
 * Every reason govmail refuses a certificate, a login or an account change. The {@link #name()} is the
 * stable, documented code: it appears in REST error bodies, in the admin log and (where it reveals
 * nothing about other accounts) in protocol replies; {@link #clientText()} is the short ASCII text
 * mail clients show.
 */
public enum Reason {
    // The certificate itself (CertificateValidator)
    CERT_MALFORMED("the certificate could not be read"),
    CERT_NPKI_NOT_ACCEPTED("bank (NPKI) certificates are not accepted: use a GPKI or EPKI certificate"),
    CERT_SELF_SIGNED("self-signed certificates are not accepted"),
    CERT_UNKNOWN_ISSUER("the certificate was not issued by an accepted GPKI or EPKI authority"),
    CERT_CHAIN_INVALID("the certificate chain is not valid"),
    CERT_EXPIRED("the certificate has expired"),
    CERT_NOT_YET_VALID("the certificate is not valid yet"),
    CERT_KEY_USAGE("the certificate is not a signing certificate (digitalSignature key usage missing)"),
    CERT_POLICY_NOT_ALLOWED("the certificate policy is not accepted"),
    CERT_REVOKED("the certificate has been revoked"),
    CERT_REVOCATION_UNAVAILABLE("the revocation status of the certificate cannot be checked now"),
    CERT_NAME_UNREADABLE("the holder's name cannot be read from the certificate"),
    CERT_NAME_MISMATCH("the name on the certificate does not match the account name"),

    // The login (LoginGate)
    TLS_REQUIRED("authentication requires TLS"),
    CLIENT_CERT_MISSING("a client certificate is required: configure your GPKI/EPKI certificate in the mail client"),
    BAD_CREDENTIALS("invalid user name or password"),
    CERT_NOT_REGISTERED("this certificate is not registered to any account"),
    CERT_NOT_REGISTERED_TO_ACCOUNT("this certificate is not registered to this account"),
    AUTHZID_MISMATCH("the certificate belongs to another account than the one requested"),
    ACCOUNT_REJECTED("the account request was rejected"),
    ACCOUNT_SUSPENDED("the account is suspended"),
    ACCOUNT_RETIRED("the account is retired"),
    THROTTLED("too many failed logins from this address: try again later"),
    MECHANISM_UNSUPPORTED("unsupported authentication mechanism"),
    SERVER_ERROR("the server cannot check logins right now: try again later"),

    // Account registry and admin operations
    ACCOUNT_ID_INVALID("the account id is not a valid mail address of a hosted domain"),
    ACCOUNT_EXISTS("an account with this id already exists"),
    ACCOUNT_NOT_FOUND("no such account"),
    CERT_ALREADY_REGISTERED("this certificate is already registered"),
    CERT_NOT_FOUND("no such certificate registration"),
    STATUS_TRANSITION_INVALID("the account cannot change to this status from its current status"),
    PASSWORD_TOO_WEAK("the password must be at least 10 characters long"),
    REQUEST_INVALID("the request is not valid"),
    ACCOUNT_CREATION_BY_CERTIFICATE_ONLY("accounts are created with their certificate through /govmail/accounts"),
    REQUEST_TOO_LARGE("the request body is too large"),
    RATE_LIMITED("too many requests: try again later"),
    ADMIN_UNAUTHENTICATED("administrator or account credentials are required"),
    FORBIDDEN("you may not act on this account or institution"),
    REDIRECT_TARGET_INVALID("mail of a retired account can only be redirected to an active local account"),
    EXPORT_NOT_AVAILABLE("the mail export of this account is no longer available"),
    FOLDER_NOT_FOUND("no such mail folder"),

    // Institutions (InstitutionRegistry)
    INSTITUTION_NOT_FOUND("no such institution"),
    INSTITUTION_EXISTS("an institution with this code already exists"),
    INSTITUTION_EXCLUDED("public institutions are excluded from sign-up"),
    INSTITUTION_DOMAIN_INVALID("the mail domain is not one of the institution's domains"),

    // Sign-up (SignupService)
    TERMS_NOT_ACCEPTED("the required terms must be accepted in their current version"),
    SIGNUP_SESSION_NOT_FOUND("no such sign-up session, or it has expired: start again"),
    SIGNUP_STEP_OUT_OF_ORDER("this sign-up step cannot be taken yet"),
    IDENTITY_ASSERTION_MALFORMED("the identity verification result could not be read"),
    IDENTITY_PROVIDER_UNKNOWN("the identity verification provider is not accepted"),
    IDENTITY_SIGNATURE_INVALID("the identity verification result is not signed by its provider"),
    IDENTITY_ASSERTION_EXPIRED("the identity verification result has expired: verify again"),
    IDENTITY_ASSERTION_REPLAYED("the identity verification result was already used: verify again"),
    IDENTITY_NAME_MISMATCH("the verified name does not match the sign-up name"),

    // Certificate login by signed challenge, tokens (org.govmail.auth.token)
    CLIENT_UNAUTHENTICATED("the web front end's client credentials are missing or wrong"),
    CLIENT_MISMATCH("this was issued to another web front end"),
    CHALLENGE_UNKNOWN("no such login challenge: request a new one"),
    CHALLENGE_EXPIRED("the login challenge has expired: request a new one"),
    CHALLENGE_USED("the login challenge was already used: request a new one"),
    SIGNATURE_MALFORMED("the signature could not be read"),
    SIGNATURE_ALGORITHM_UNSUPPORTED("the signature algorithm is not accepted (RSA PKCS#1 v1.5 or PSS with SHA-256, -384 or -512)"),
    SIGNATURE_CONTENT_MISMATCH("the signed content is not the login challenge"),
    SIGNATURE_INVALID("the signature does not verify with the certificate's key"),
    TOKEN_INVALID("the token is not valid"),
    TOKEN_EXPIRED("the token has expired"),
    TOKEN_REVOKED("the token has been revoked: log in again"),
    FRONTEND_CERT_REQUIRED("token logins are accepted only from the web front end's servers");

    private final String clientText;

    Reason(String clientText) {
        this.clientText = clientText;
    }

    public String clientText() {
        return clientText;
    }
}
