package org.dynmm.rec.models.train;

import java.util.Arrays;
import java.util.Random;

/**
 * The warm items whose vector of one modality is hidden from training so that {@link ModalityCheck}
 * can test the modality's head on items it never fitted: a seeded random share of the warm rows
 * that carry the modality. Their mask entry is set to 0, so the fusion, the modality dropout and
 * the InfoNCE term all treat the vector as missing; every other part of training (their CF latent,
 * their text) is unchanged.
 */
final class ModalityHoldout {
    private ModalityHoldout() {}

    /**
     * Chooses {@code round(share * present)} of the rows {@code 0 .. warmCount-1} with {@code
     * mask[row] != 0}, sets their mask to 0 and returns them in ascending order; none when that
     * would be fewer than {@code minItems} (too few for a decision: no training data is spent).
     *
     * @param mask per-row presence of the modality, changed in place
     * @param warmCount rows eligible (the warm items come first)
     * @param share share of the present warm rows to hide, in [0, 1)
     * @param seed seed of the choice
     * @param minItems fewest rows worth hiding
     */
    static int[] hide(float[] mask, int warmCount, float share, long seed, int minItems) {
        int present = 0;
        for (int i = 0; i < warmCount; i++) {
            if (mask[i] != 0f) {
                present++;
            }
        }
        int[] rows = new int[present];
        int k = 0;
        for (int i = 0; i < warmCount; i++) {
            if (mask[i] != 0f) {
                rows[k++] = i;
            }
        }
        int count = Math.round(share * present);
        if (count < minItems) {
            return new int[0];
        }
        Random random = new Random(seed);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(present - i);
            int t = rows[i];
            rows[i] = rows[j];
            rows[j] = t;
        }
        int[] hidden = Arrays.copyOf(rows, count);
        Arrays.sort(hidden);
        for (int row : hidden) {
            mask[row] = 0f;
        }
        return hidden;
    }
}
