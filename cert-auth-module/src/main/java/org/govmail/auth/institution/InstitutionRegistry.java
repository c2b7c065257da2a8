package org.govmail.auth.institution;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.govmail.auth.GovmailAuthException;

/** The institutions officials belong to and who administers each (the source of approval scoping). */
public interface InstitutionRegistry {
    /** Fails with INSTITUTION_EXISTS when the code is taken. */
    Institution create(Institution institution) throws GovmailAuthException;

    Optional<Institution> find(String code);

    /** Institutions whose name contains {@code namePart}, by name. */
    List<Institution> search(String namePart, int limit);

    List<Institution> list(int offset, int limit);

    /** Replaces name, type and domains; administrators are kept. */
    Institution update(Institution institution) throws GovmailAuthException;

    Institution addAdministrator(String code, Administrator administrator) throws GovmailAuthException;

    Institution removeAdministrator(String code, String account) throws GovmailAuthException;

    /** The codes of the institutions this account administers. */
    Set<String> administeredBy(String account);
}
