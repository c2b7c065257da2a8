package org.govmail.auth.signup;

/** How far a sign-up session has come; each step may only follow the one before it. */
public enum SignupStep {
    /** Step 1 done: terms accepted, account type chosen. */
    TERMS_ACCEPTED,
    /** Step 2 done: identity verified by a provider's signed assertion. */
    IDENTITY_VERIFIED,
    /** Step 3 done: information and certificate checked; may be entered again until submitted. */
    INFORMATION_ENTERED
}
