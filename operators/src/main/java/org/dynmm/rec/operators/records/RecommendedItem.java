package org.dynmm.rec.operators.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dynmm.rec.models.explain.Evidence;
import org.dynmm.rec.models.explain.Explanation;
import org.dynmm.rec.models.explain.Verification;

/**
 * One ranked item of a {@link Recommendation}, with its explanation when explanations are on
 * ({@code rec.explain.enabled}): the rationale, where it came from, the evidence behind it and what
 * the verifier found. Without explanations those fields are null (the evidence list empty).
 */
public class RecommendedItem {
    /** 1-based rank. */
    public int rank;

    public String item;

    /** Title from the item catalog; null when the item's content has not arrived yet. */
    public String title;

    public double score;

    /** One or two plain sentences on why; null when explanations are off. */
    public String rationale;

    /** {@code realizer}, {@code llm} or {@code realizer-fallback}; null without a rationale. */
    public String rationaleSource;

    /** The evidence the rationale may cite, read from state at recommendation time. */
    public List<Evidence> evidence = new ArrayList<>();

    /** The verifier's check of the rationale against the evidence; null without a rationale. */
    public Verification verification;

    public RecommendedItem() {}

    public RecommendedItem(int rank, String item, String title, double score) {
        this.rank = rank;
        this.item = item;
        this.title = title;
        this.score = score;
    }

    /** A copy with its own evidence list (evidence records are not changed, so shared). */
    public RecommendedItem copy() {
        RecommendedItem c = new RecommendedItem(rank, item, title, score);
        c.rationale = rationale;
        c.rationaleSource = rationaleSource;
        c.evidence = new ArrayList<>(evidence);
        c.verification = verification;
        return c;
    }

    /** Sets rationale, source, evidence and verification from {@code explanation}. */
    public RecommendedItem explained(Explanation explanation) {
        rationale = explanation.rationale();
        rationaleSource = explanation.source();
        evidence = new ArrayList<>(explanation.evidence());
        verification = explanation.verification();
        return this;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RecommendedItem)) {
            return false;
        }
        RecommendedItem that = (RecommendedItem) o;
        return rank == that.rank
                && Double.compare(score, that.score) == 0
                && Objects.equals(item, that.item)
                && Objects.equals(title, that.title)
                && Objects.equals(rationale, that.rationale)
                && Objects.equals(rationaleSource, that.rationaleSource)
                && Objects.equals(evidence, that.evidence)
                && Objects.equals(verification, that.verification);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rank, item, title, score, rationale);
    }

    @Override
    public String toString() {
        return rank + ":" + item + "(" + score + ")";
    }
}
