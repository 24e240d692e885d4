package org.dynmm.rec.models.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.Test;

class ExplainerTest {
    private final ItemStatsIndex index = ExplainFixture.index();
    private final UserContext user = ExplainFixture.user();
    private final CooccurrenceScorer scorer = new CooccurrenceScorer(20);
    private final Explainer explainer = Explainer.forScorer(scorer, ExplainSettings.defaults());

    @Test
    void evidenceCarriesTheFiguresReadFromState() {
        List<ScoredItem> top = Ranker.topN(index, scorer, user, 0, 3);
        assertThat(top).extracting(s -> s.item).containsExactly("c1", "c2", "c3");

        List<Explanation> explanations = explainer.explain(index, "u1", user, 0, top);
        List<Evidence> c1 = explanations.get(0).evidence();

        // c1: co-counts 3 with h1 and 1 with h3, so h1 gives 3/4 and h3 1/4.
        assertThat(c1.get(0).kind).isEqualTo(EvidenceKind.HISTORY_CONTRIBUTION);
        assertThat(c1.get(0).historyItem).isEqualTo("h1");
        assertThat(c1.get(0).share).isCloseTo(0.75, within(1e-12));
        assertThat(c1.get(1).historyItem).isEqualTo("h3");
        assertThat(c1.get(1).share).isCloseTo(0.25, within(1e-12));
        assertThat(c1)
                .filteredOn(e -> e.kind == EvidenceKind.CO_INTERACTION)
                .extracting(e -> e.historyItem + ":" + e.count + "/" + e.window)
                .containsExactly("h1:3/20", "h3:1/20");
        // Crime is shared with h1 and h3 (2 of 3 history items), Action with none.
        assertThat(c1)
                .filteredOn(e -> e.kind == EvidenceKind.SHARED_ATTRIBUTE)
                .extracting(e -> e.value + ":" + e.count + "/" + e.total + ":" + e.historyItem)
                .containsExactly("Crime:2/3:h3");
        // c3 (Animation, never co-taken): only its popularity.
        assertThat(explanations.get(2).evidence()).containsExactly(Evidence.popularity(5));
    }

    @Test
    void realizedRationalesStateOnlySupportedClaims() {
        List<Explanation> explanations =
                explainer.explain(index, "u1", user, 0, Ranker.topN(index, scorer, user, 0, 3));
        for (Explanation e : explanations) {
            assertThat(e.rationale()).isNotBlank();
            assertThat(e.verification().passed).as(e.rationale()).isTrue();
            assertThat(e.verification().claims).as(e.rationale()).isGreaterThanOrEqualTo(1);
        }
        assertThat(explanations.get(0).rationale()).contains("\u201cHeat (1995)\u201d", "75%");
        assertThat(explanations.get(2).rationale()).contains("5 interactions");
    }

    @Test
    void phrasingsVaryAcrossUsers() {
        List<ScoredItem> top = Ranker.topN(index, scorer, user, 0, 1);
        Set<String> texts = new HashSet<>();
        for (int u = 0; u < 30; u++) {
            Explanation e = explainer.explain(index, "user-" + u, user, 0, top).get(0);
            assertThat(e.verification().passed).as(e.rationale()).isTrue();
            texts.add(e.rationale());
        }
        assertThat(texts).hasSizeGreaterThanOrEqualTo(3);
        // Deterministic: the same user gets the same text.
        assertThat(explainer.explain(index, "user-7", user, 0, top).get(0).rationale())
                .isEqualTo(explainer.explain(index, "user-7", user, 0, top).get(0).rationale());
    }

    @Test
    void verifierRejectsInventedItemsNumbersAndAttributes() {
        List<ScoredItem> top = Ranker.topN(index, scorer, user, 0, 2);
        List<Evidence> evidence = explainer.explain(index, "u1", user, 0, top).get(0).evidence();
        ClaimVocabulary vocabulary = explainer.vocabulary(index, user, top);
        Verifier verifier = explainer.verifier();

        Verification good =
                verifier.verify(
                        "Because of \u201cHeat (1995)\u201d (75%), taken together 3 times within 20 items; Crime.",
                        "c1", "Ronin (1998)", evidence, vocabulary);
        assertThat(good.claims).isEqualTo(5);
        assertThat(good.passed).isTrue();

        Verification invented =
                verifier.verify(
                        "Fans of \"Titanic\" loved \u201cRonin\u201d.",
                        "c1",
                        "Ronin (1998)",
                        evidence,
                        vocabulary);
        assertThat(invented.unsupported).containsExactly("item:Titanic");
        assertThat(invented.precision()).isEqualTo(0.5);

        Verification wrongNumbers =
                verifier.verify(
                        "It was taken 7 times with Heat (1995), which gives 80% of its score.",
                        "c1", "Ronin (1998)", evidence, vocabulary);
        assertThat(wrongNumbers.unsupported).containsExactly("number:7", "number:80%");
        assertThat(wrongNumbers.supported).isEqualTo(1); // the unquoted title is in the evidence

        Verification wrongAttribute =
                verifier.verify(
                        "A fine sci-fi pick, like Alien (1979).",
                        "c1",
                        "Ronin (1998)",
                        evidence,
                        vocabulary);
        // Alien is history, but not this item's evidence; Sci-Fi is a genre it was not cited for.
        assertThat(wrongAttribute.unsupported)
                .containsExactlyInAnyOrder("item:Alien (1979)", "attribute:Sci-Fi");

        Verification byId =
                verifier.verify("Like item #h1.", "c1", "Ronin (1998)", evidence, vocabulary);
        assertThat(byId.passed).isTrue();
        assertThat(byId.claims).isEqualTo(1);
    }

    @Test
    void counterfactualRemovalOfTheCitedItemLowersTheScore() {
        List<ScoredItem> top = Ranker.topN(index, scorer, user, 0, 2);
        List<Explanation> explanations = explainer.explain(index, "u1", user, 0, top);
        double[] before = new double[index.size()];
        scorer.score(index, user, 0, before);
        for (int c = 0; c < top.size(); c++) {
            String cited = explanations.get(c).evidence().get(0).historyItem;
            double[] after = new double[index.size()];
            scorer.score(index, Counterfactuals.without(user, cited), 0, after);
            int id = index.idOf(top.get(c).item);
            assertThat(after[id]).isLessThan(before[id]);
        }
    }

    @Test
    void attributeShiftReportsARisingGenre() {
        ItemStatsIndex shiftIndex = ExplainFixture.index();
        List<String> history = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ExplainFixture.content(shiftIndex, "old" + i, "Old " + i, "Drama");
            history.add("old" + i);
        }
        for (int i = 0; i < 5; i++) {
            ExplainFixture.content(shiftIndex, "new" + i, "New " + i, i < 4 ? "Sci-Fi" : "Drama");
            history.add("new" + i);
        }
        UserContext shifted = UserContext.of(history, history);
        AttributeShift source = new AttributeShift(List.of("genres"), 5, 0.25);
        List<Evidence> shifts =
                source.forUser(shiftIndex, shifted).shiftsFor(shiftIndex.idOf("c2"));

        assertThat(shifts).hasSize(1);
        assertThat(shifts.get(0).value).isEqualTo("Sci-Fi");
        assertThat(shifts.get(0).recentWeight).isCloseTo(0.8, within(1e-12));
        assertThat(shifts.get(0).longTermWeight).isCloseTo(0.0, within(1e-12));
        // Drama fell (1.0 -> 0.2): no shift for an item that is Drama only.
        ExplainFixture.content(shiftIndex, "d", "D", "Drama");
        assertThat(source.forUser(shiftIndex, shifted).shiftsFor(shiftIndex.idOf("d"))).isEmpty();
    }
}
