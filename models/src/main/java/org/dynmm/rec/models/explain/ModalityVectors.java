package org.dynmm.rec.models.explain;

import java.io.Serializable;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;

/** Per-item vectors of one modality, for {@link EvidenceKind#MODALITY_SIMILARITY} evidence. */
public interface ModalityVectors extends Serializable {
    /** The modality's name as the evidence states it, e.g. {@code joint}, {@code visual}. */
    String modality();

    /** The vector of dense id {@code id}, or null when the item has none in this modality. */
    float[] vectorOf(ItemStatsIndex index, int id);

    /** The frozen base's joint latents {@code z_i} (CF, text or fused content). */
    static ModalityVectors joint(BaseModelScorer scorer) {
        return new ModalityVectors() {
            private static final long serialVersionUID = 1L;

            @Override
            public String modality() {
                return "joint";
            }

            @Override
            public float[] vectorOf(ItemStatsIndex index, int id) {
                return scorer.itemLatent(index, id);
            }
        };
    }

    /** Cosine of two vectors of equal length; 0 when either is all zeros. */
    static double cosine(float[] a, float[] b) {
        double dot = 0.0;
        double na = 0.0;
        double nb = 0.0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return na == 0.0 || nb == 0.0 ? 0.0 : dot / Math.sqrt(na * nb);
    }
}
