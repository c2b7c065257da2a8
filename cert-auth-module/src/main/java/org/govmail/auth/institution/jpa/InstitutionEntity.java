package org.govmail.auth.institution.jpa;

import javax.persistence.Basic;
import javax.persistence.Column;
import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.NamedQueries;
import javax.persistence.NamedQuery;
import javax.persistence.Table;
import javax.persistence.Version;

/** Table GOVMAIL_INSTITUTION; {@code domains} is the space-separated list of mail domains. */
@Entity(name = "GovmailInstitution")
@Table(name = "GOVMAIL_INSTITUTION")
@NamedQueries({
    @NamedQuery(name = "GovmailInstitution.search", query = "SELECT i FROM GovmailInstitution i WHERE i.name LIKE :pattern ESCAPE '!' ORDER BY i.name"),
    @NamedQuery(name = "GovmailInstitution.list", query = "SELECT i FROM GovmailInstitution i ORDER BY i.code")
})
public class InstitutionEntity {
    @Id
    @Column(name = "CODE", length = 40, nullable = false)
    private String code;

    @Basic(optional = false)
    @Column(name = "NAME", length = 200, nullable = false)
    private String name;

    @Basic(optional = false)
    @Column(name = "INSTITUTION_TYPE", length = 40, nullable = false)
    private String type;

    @Column(name = "DOMAINS", length = 2000)
    private String domains;

    @Column(name = "CREATED_AT", nullable = false)
    private long createdAt;

    @Version
    @Column(name = "VERSION")
    private long version;

    protected InstitutionEntity() {
    }

    public InstitutionEntity(String code, String name, String type, String domains, long now) {
        this.code = code;
        this.name = name;
        this.type = type;
        this.domains = domains;
        this.createdAt = now;
    }

    public String getCode() {
        return code;
    }

    public String getName() {
        return name;
    }

    public String getType() {
        return type;
    }

    public String getDomains() {
        return domains == null ? "" : domains;
    }

    public void update(String name, String type, String domains) {
        this.name = name;
        this.type = type;
        this.domains = domains;
    }
}
