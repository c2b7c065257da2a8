package org.govmail.auth.signup.jpa;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import javax.persistence.EntityManagerFactory;

import org.govmail.auth.GovmailAuthException;
import org.govmail.auth.account.AccountType;
import org.govmail.auth.jpa.JpaTransactions;
import org.govmail.auth.signup.SignupSessions;
import org.govmail.auth.signup.SignupState;
import org.govmail.auth.signup.SignupStep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** {@link SignupSessions} on the server's JPA store, so any node can take a session's next step. */
public final class JpaSignupSessions implements SignupSessions {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JpaTransactions transactions;

    public JpaSignupSessions(EntityManagerFactory factory) {
        this.transactions = new JpaTransactions(factory);
    }

    @Override
    public void save(SignupState state) throws GovmailAuthException {
        String json = write(state);
        transactions.write(manager -> {
            SignupSessionEntity entity = manager.find(SignupSessionEntity.class, state.key());
            if (entity == null) {
                manager.persist(new SignupSessionEntity(state.key(), state.expiresAt().toEpochMilli(), json));
            } else {
                entity.setState(json);
            }
            return null;
        });
    }

    @Override
    public Optional<SignupState> find(String key, Instant now) {
        return transactions.read(manager -> Optional.ofNullable(manager.find(SignupSessionEntity.class, key)))
            .filter(entity -> entity.getExpiresAt() > now.toEpochMilli())
            .map(entity -> read(entity.getKey(), entity.getState()));
    }

    @Override
    public void delete(String key) {
        try {
            transactions.write(manager -> {
                SignupSessionEntity entity = manager.find(SignupSessionEntity.class, key);
                if (entity != null) {
                    manager.remove(entity);
                }
                return null;
            });
        } catch (GovmailAuthException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int purgeExpired(Instant now) {
        try {
            return transactions.write(manager -> manager.createNamedQuery("GovmailSignupSession.purge")
                .setParameter("now", now.toEpochMilli()).executeUpdate());
        } catch (GovmailAuthException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String write(SignupState state) {
        ObjectNode node = JSON.createObjectNode();
        node.put("createdAt", state.createdAt().toEpochMilli());
        node.put("expiresAt", state.expiresAt().toEpochMilli());
        node.put("step", state.step().name());
        node.put("type", state.type().name());
        ObjectNode terms = node.putObject("terms");
        state.acceptedTerms().forEach(terms::put);
        state.identity().ifPresent(identity -> {
            ObjectNode out = node.putObject("identity");
            out.put("name", identity.name());
            out.put("birthDate", identity.birthDate().toString());
            out.put("provider", identity.provider());
            out.put("method", identity.method());
        });
        state.information().ifPresent(checked -> {
            ObjectNode out = node.putObject("information");
            out.put("accountId", checked.accountId());
            out.put("accountName", checked.accountName());
            out.put("personName", checked.personName());
            out.put("institution", checked.institution());
            out.put("language", checked.language());
            out.put("passwordHash", checked.passwordHash());
            out.put("certificate", Base64.getEncoder().encodeToString(checked.certificate()));
            out.put("fingerprint", checked.fingerprint());
        });
        return node.toString();
    }

    private static SignupState read(String key, String json) {
        try {
            JsonNode node = JSON.readTree(json);
            Map<String, String> terms = new LinkedHashMap<>();
            node.path("terms").fields().forEachRemaining(entry -> terms.put(entry.getKey(), entry.getValue().asText()));
            Optional<SignupState.Identity> identity = Optional.ofNullable(node.get("identity")).map(out -> new SignupState.Identity(
                out.path("name").asText(), LocalDate.parse(out.path("birthDate").asText()), out.path("provider").asText(),
                out.path("method").asText()));
            Optional<SignupState.Checked> information = Optional.ofNullable(node.get("information")).map(out -> new SignupState.Checked(
                out.path("accountId").asText(), out.path("accountName").asText(), out.path("personName").asText(),
                out.path("institution").asText(), out.path("language").asText(), out.path("passwordHash").asText(),
                Base64.getDecoder().decode(out.path("certificate").asText()), out.path("fingerprint").asText()));
            return new SignupState(key, Instant.ofEpochMilli(node.path("createdAt").asLong()), Instant.ofEpochMilli(node.path("expiresAt").asLong()),
                SignupStep.valueOf(node.path("step").asText()), AccountType.valueOf(node.path("type").asText()), terms, identity, information);
        } catch (IOException e) {
            throw new IllegalStateException("unreadable sign-up session " + key, e);
        }
    }
}
