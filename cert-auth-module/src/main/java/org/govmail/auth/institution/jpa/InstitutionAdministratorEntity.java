package org.govmail.auth.institution.jpa;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;

import org.apache.openjpa.persistence.jdbc.Index;

/** Table GOVMAIL_INSTITUTION_ADMIN: one row per (institution, administrator account). */
@Entity(name = "GovmailInstitutionAdmin")
@Table(name = "GOVMAIL_INSTITUTION_ADMIN")
@NamedQueries({
    @NamedQuery(name = "GovmailInstitutionAdmin.ofInstitution", query = "SELECT a FROM GovmailInstitutionAdmin a WHERE a.institution = :code ORDER BY a.name"),
    @NamedQuery(name = "GovmailInstitutionAdmin.ofAccount", query = "SELECT a FROM GovmailInstitutionAdmin a WHERE a.account = :account")
})
public class InstitutionAdministratorEntity {
    /** institution code + "|" + account: one natural key, no sequence table needed. */
    @Id
    @Column(name = "ADMIN_KEY", length = 400, nullable = false)
    private String key;

    @Index
    @Basic(optional = false)
    @Column(name = "INSTITUTION", length = 40, nullable = false)
    private String institution;

    @Index
    @Basic(optional = false)
    @Column(name = "ACCOUNT_ID", length = 320, nullable = false)
    private String account;

    @Basic(optional = false)
    @Column(name = "ADMIN_NAME", length = 200, nullable = false)
    private String name;

    @Column(name = "PHONE", length = 40)
    private String phone;

    protected InstitutionAdministratorEntity() {
    }

    public InstitutionAdministratorEntity(String institution, String account, String name, String phone) {
        this.key = key(institution, account);
        this.institution = institution;
        this.account = account;
        this.name = name;
        this.phone = phone;
    }

    public static String key(String institution, String account) {
        return institution + "|" + account;
    }

    public String getInstitution() {
        return institution;
    }

    public String getAccount() {
        return account;
    }

    public String getName() {
        return name;
    }

    public String getPhone() {
        return phone;
    }
}
