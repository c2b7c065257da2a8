package org.govmail.auth.account;

/** An official's own account, or the account that represents an institution (registered with the institution's certificate). */
public enum AccountType {
    INDIVIDUAL, INSTITUTION_REPRESENTATIVE
}
