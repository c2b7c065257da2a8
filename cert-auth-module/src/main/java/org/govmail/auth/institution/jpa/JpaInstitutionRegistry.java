package org.govmail.auth.institution.jpa;

import java.time.Clock;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.persistence.EntityManager;
import javax.persistence.EntityManagerFactory;
import javax.persistence.PersistenceException;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.Reason;
import org.govmail.auth.institution.Administrator;
import org.govmail.auth.institution.Institution;
import org.govmail.auth.institution.InstitutionRegistry;
import org.govmail.auth.institution.InstitutionType;
import org.govmail.auth.jpa.JpaTransactions;

/** {@link InstitutionRegistry} on the server's JPA store. */
public final class JpaInstitutionRegistry implements InstitutionRegistry {
    private final JpaTransactions transactions;
    private final Clock clock;

    public JpaInstitutionRegistry(EntityManagerFactory factory, Clock clock) {
        this.transactions = new JpaTransactions(factory);
        this.clock = clock;
    }

    @Override
    public Institution create(Institution institution) throws GovmailAuthException {
        try {
            return transactions.write(manager -> {
                if (manager.find(InstitutionEntity.class, institution.code()) != null) {
                    throw new GovmailAuthException(Reason.INSTITUTION_EXISTS, "institution " + institution.code() + " exists");
                }
                manager.persist(new InstitutionEntity(institution.code(), institution.name(), institution.type().name(),
                    String.join(" ", institution.domains()), clock.millis()));
                for (Administrator administrator : institution.administrators()) {
                    manager.persist(adminEntity(institution.code(), administrator));
                }
                manager.flush();
                return load(manager, institution.code()).orElseThrow();
            });
        } catch (PersistenceException e) {
            throw new GovmailAuthException(Reason.INSTITUTION_EXISTS, "institution " + institution.code() + " exists");
        }
    }

    @Override
    public Optional<Institution> find(String code) {
        return transactions.read(manager -> load(manager, code));
    }

    @Override
    public List<Institution> search(String namePart, int limit) {
        String escaped = namePart.replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return transactions.read(manager -> manager.createNamedQuery("GovmailInstitution.search", InstitutionEntity.class)
            .setParameter("pattern", "%" + escaped + "%")
            .setMaxResults(limit)
            .getResultList().stream().map(entity -> toInstitution(manager, entity)).toList());
    }

    @Override
    public List<Institution> list(int offset, int limit) {
        return transactions.read(manager -> manager.createNamedQuery("GovmailInstitution.list", InstitutionEntity.class)
            .setFirstResult(offset)
            .setMaxResults(limit)
            .getResultList().stream().map(entity -> toInstitution(manager, entity)).toList());
    }

    @Override
    public Institution update(Institution institution) throws GovmailAuthException {
        return transactions.write(manager -> {
            existing(manager, institution.code()).update(institution.name(), institution.type().name(),
                String.join(" ", institution.domains()));
            manager.flush();
            return load(manager, institution.code()).orElseThrow();
        });
    }

    @Override
    public Institution addAdministrator(String code, Administrator administrator) throws GovmailAuthException {
        return transactions.write(manager -> {
            existing(manager, code);
            InstitutionAdministratorEntity current = manager.find(InstitutionAdministratorEntity.class,
                InstitutionAdministratorEntity.key(code, administrator.account()));
            if (current != null) {
                manager.remove(current);
                manager.flush();
            }
            manager.persist(adminEntity(code, administrator));
            manager.flush();
            return load(manager, code).orElseThrow();
        });
    }

    @Override
    public Institution removeAdministrator(String code, String account) throws GovmailAuthException {
        return transactions.write(manager -> {
            existing(manager, code);
            InstitutionAdministratorEntity current = manager.find(InstitutionAdministratorEntity.class,
                InstitutionAdministratorEntity.key(code, new Administrator(account, "", "").account()));
            if (current == null) {
                throw new GovmailAuthException(Reason.ACCOUNT_NOT_FOUND, account + " is not an administrator of " + code);
            }
            manager.remove(current);
            manager.flush();
            return load(manager, code).orElseThrow();
        });
    }

    @Override
    public Set<String> administeredBy(String account) {
        String normalized = new Administrator(account, "", "").account();
        return transactions.read(manager -> manager.createNamedQuery("GovmailInstitutionAdmin.ofAccount", InstitutionAdministratorEntity.class)
            .setParameter("account", normalized)
            .getResultList().stream().map(InstitutionAdministratorEntity::getInstitution)
            .collect(Collectors.toCollection(LinkedHashSet::new)));
    }

    private static InstitutionEntity existing(EntityManager manager, String code) throws GovmailAuthException {
        InstitutionEntity entity = manager.find(InstitutionEntity.class, code);
        if (entity == null) {
            throw new GovmailAuthException(Reason.INSTITUTION_NOT_FOUND, "no institution " + code);
        }
        return entity;
    }

    private static Optional<Institution> load(EntityManager manager, String code) {
        return Optional.ofNullable(manager.find(InstitutionEntity.class, code)).map(entity -> toInstitution(manager, entity));
    }

    private static Institution toInstitution(EntityManager manager, InstitutionEntity entity) {
        List<Administrator> administrators = manager.createNamedQuery("GovmailInstitutionAdmin.ofInstitution", InstitutionAdministratorEntity.class)
            .setParameter("code", entity.getCode())
            .getResultList().stream()
            .map(admin -> new Administrator(admin.getAccount(), admin.getName(), admin.getPhone()))
            .toList();
        List<String> domains = Arrays.stream(entity.getDomains().split(" ")).filter(domain -> !domain.isEmpty()).toList();
        return new Institution(entity.getCode(), entity.getName(), InstitutionType.valueOf(entity.getType()), domains, administrators);
    }

    private static InstitutionAdministratorEntity adminEntity(String code, Administrator administrator) {
        return new InstitutionAdministratorEntity(code, administrator.account(), administrator.name(), administrator.phone());
    }
}
