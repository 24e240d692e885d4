package org.dynmm.rec.models.ranking;

import java.util.Objects;

/** One ranked item: its id, title (null when no content arrived) and score. */
public class ScoredItem {
    public String item;
    public String title;
    public double score;

    public ScoredItem() {}

    public ScoredItem(String item, String title, double score) {
        this.item = item;
        this.title = title;
        this.score = score;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ScoredItem)) {
            return false;
        }
        ScoredItem that = (ScoredItem) o;
        return Double.compare(score, that.score) == 0
                && Objects.equals(item, that.item)
                && Objects.equals(title, that.title);
    }

    @Override
    public int hashCode() {
        return Objects.hash(item, title, score);
    }

    @Override
    public String toString() {
        return "ScoredItem{item=" + item + ", title=" + title + ", score=" + score + '}';
    }
}
