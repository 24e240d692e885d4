package org.dynmm.rec.operators.records;

import java.util.Objects;

/** One ranked item of a {@link Recommendation}. */
public class RecommendedItem {
    /** 1-based rank. */
    public int rank;

    public String item;

    /** Title from the item catalog; null when the item's content has not arrived yet. */
    public String title;

    public double score;

    public RecommendedItem() {}

    public RecommendedItem(int rank, String item, String title, double score) {
        this.rank = rank;
        this.item = item;
        this.title = title;
        this.score = score;
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
                && Objects.equals(title, that.title);
    }

    @Override
    public int hashCode() {
        return Objects.hash(rank, item, title, score);
    }

    @Override
    public String toString() {
        return rank + ":" + item + "(" + score + ")";
    }
}
