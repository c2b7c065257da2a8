package org.govmail.server.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.apache.james.mailbox.MessageUid;
import org.apache.james.mailbox.model.SearchQuery;
import org.apache.james.mailbox.model.SearchQuery.AddressType;
import org.apache.james.mailbox.model.SearchQuery.Sort;
import org.junit.jupiter.api.Test;

class SearchableQueryTest {

    @Test
    void subjectTextTakesTheIndexedSpelling() {
        SearchQuery query = SearchQuery.of(SearchQuery.headerContains("Subject", "[외부메일] 회의"));

        assertThat(SearchableQuery.rewrite(query).getCriteria())
            .containsExactly(SearchQuery.headerContains("Subject", "¤C678¤BD80¤BA54¤C77C ¤D68C¤C758"));
    }

    @Test
    void subjectCriterionIsAnsweredAsAHeaderSearch() {
        assertThat(SearchableQuery.rewrite(new SearchQuery.SubjectCriterion("예산")))
            .isEqualTo(SearchQuery.headerContains("Subject", "¤C608¤C0B0"));
    }

    @Test
    void addressSearchAlsoTriesBehindAQuoteAndAnAngleBracket() {
        assertThat(SearchableQuery.rewrite(SearchQuery.address(AddressType.From, "kim@korea.kr")))
            .isEqualTo(SearchQuery.or(List.of(
                SearchQuery.address(AddressType.From, "kim@korea.kr"),
                SearchQuery.address(AddressType.From, "\"kim@korea.kr"),
                SearchQuery.address(AddressType.From, "<kim@korea.kr"))));
        assertThat(SearchableQuery.rewrite(SearchQuery.headerContains("To", "김선우")))
            .isEqualTo(SearchQuery.or(List.of(
                SearchQuery.headerContains("To", "¤AE40¤C120¤C6B0"),
                SearchQuery.headerContains("To", "\"¤AE40¤C120¤C6B0"),
                SearchQuery.headerContains("To", "<¤AE40¤C120¤C6B0"))));
    }

    @Test
    void fullTextKeepsTheBodySpellingBesideTheHeaderOnes() {
        assertThat(SearchableQuery.rewrite(SearchQuery.mailContains("정부")))
            .isEqualTo(SearchQuery.or(List.of(SearchQuery.mailContains("정부"), SearchQuery.mailContains("¤C815¤BD80"))));
        assertThat(SearchableQuery.rewrite(SearchQuery.mailContains("budget")))
            .isEqualTo(SearchQuery.mailContains("budget"));
        assertThat(SearchableQuery.rewrite(SearchQuery.bodyContains("정부")))
            .isEqualTo(SearchQuery.bodyContains("정부"));
    }

    @Test
    void conjunctionsAreRewrittenInsideAndOtherCriteriaAndTheQueryShapeAreKept() {
        SearchQuery query = SearchQuery.builder()
            .andCriteria(SearchQuery.not(SearchQuery.headerContains("Subject", "예산")), SearchQuery.flagIsUnSet(javax.mail.Flags.Flag.SEEN))
            .sorts(new Sort(Sort.SortClause.Arrival, Sort.Order.REVERSE))
            .addRecentMessageUids(List.of(MessageUid.of(7)))
            .build();

        SearchQuery rewritten = SearchableQuery.rewrite(query);

        assertThat(rewritten.getCriteria()).containsExactly(
            SearchQuery.not(SearchQuery.headerContains("Subject", "¤C608¤C0B0")),
            SearchQuery.flagIsUnSet(javax.mail.Flags.Flag.SEEN));
        assertThat(rewritten.getSorts()).isEqualTo(query.getSorts());
        assertThat(rewritten.getRecentMessageUids()).containsExactly(MessageUid.of(7));
    }

    @Test
    void punctuationOnlyIsLeftAsAsked() {
        assertThat(SearchableQuery.rewrite(SearchQuery.headerContains("Subject", "[]")))
            .isEqualTo(SearchQuery.headerContains("Subject", "[]"));
    }
}
