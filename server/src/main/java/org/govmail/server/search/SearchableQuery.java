package org.govmail.server.search;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressOperator;
import org.apache.james.mailbox.model.SearchQuery.AddressType;
import org.apache.james.mailbox.model.SearchQuery.ConjunctionCriterion;
import org.apache.james.mailbox.model.SearchQuery.ContainsOperator;
import org.apache.james.mailbox.model.SearchQuery.Criterion;
import org.apache.james.mailbox.model.SearchQuery.HeaderCriterion;
import org.apache.james.mailbox.model.SearchQuery.Scope;
import org.apache.james.mailbox.model.SearchQuery.SubjectCriterion;
import org.apache.james.mailbox.model.SearchQuery.TextCriterion;

/**
 * Rewrites the text of header and full-text criteria into the spelling {@link SearchableHeaders} gave the
 * indexed headers, so that both sides meet.
 *
 * <p>Address headers keep their punctuation in the index (the index parses them for sorting), and James'
 * index matches from the start of a whitespace-separated word, where a display name or an address may
 * begin with a quote or an angle bracket: {@code "Kim Sunwoo" <kim@x.kr>}. An address search therefore
 * also tries the value behind {@code "} and {@code <}.
 */
public final class SearchableQuery {
    private SearchableQuery() {
    }

    public static SearchQuery rewrite(SearchQuery query) {
        return SearchQuery.builder()
            .andCriteria(query.getCriteria().stream().map(SearchableQuery::rewrite).toList())
            .sorts(query.getSorts())
            .addRecentMessageUids(query.getRecentMessageUids())
            .build();
    }

    static Criterion rewrite(Criterion criterion) {
        if (criterion instanceof ConjunctionCriterion conjunction) {
            return new ConjunctionCriterion(conjunction.getType(),
                conjunction.getCriteria().stream().map(SearchableQuery::rewrite).toList());
        }
        if (criterion instanceof SubjectCriterion subject) {
            return rewrite(subject.asHeaderCriterion());
        }
        if (criterion instanceof HeaderCriterion header) {
            return rewriteHeader(header);
        }
        if (criterion instanceof TextCriterion text && text.getType() == Scope.FULL) {
            String value = text.getOperator().getValue();
            return anyOf(SearchQuery::mailContains, value, SearchableText.escaped(value), SearchableText.words(value));
        }
        return criterion;
    }

    private static Criterion rewriteHeader(HeaderCriterion header) {
        String name = header.getHeaderName();
        if (header.getOperator() instanceof AddressOperator address && isAddressType(name)) {
            String value = SearchableText.escaped(address.getAddress());
            AddressType type = AddressType.valueOf(name);
            return anyOf(v -> SearchQuery.address(type, v), value, "\"" + value, "<" + value);
        }
        if (header.getOperator() instanceof ContainsOperator contains) {
            String value = SearchableText.forHeader(name, contains.getValue());
            if (value.isEmpty()) {
                // Punctuation only: left as asked rather than turned into "header exists".
                return header;
            }
            if (SearchableText.isAddressHeader(name)) {
                return anyOf(v -> SearchQuery.headerContains(name, v), value, "\"" + value, "<" + value);
            }
            return SearchQuery.headerContains(name, value);
        }
        return header;
    }

    private static boolean isAddressType(String name) {
        for (AddressType type : AddressType.values()) {
            if (type.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static Criterion anyOf(Function<String, Criterion> criterion, String... values) {
        Set<String> distinct = new LinkedHashSet<>(List.of(values));
        distinct.remove("");
        if (distinct.isEmpty()) {
            return criterion.apply(values[0]);
        }
        if (distinct.size() == 1) {
            return criterion.apply(distinct.iterator().next());
        }
        return SearchQuery.or(distinct.stream().map(criterion).toList());
    }
}
