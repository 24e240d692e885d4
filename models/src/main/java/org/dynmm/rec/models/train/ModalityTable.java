package org.dynmm.rec.models.train;

import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.ItemContent;

/**
 * The vectors of one modality (visual or audio) of every item of an {@link ExampleSet}, in its row
 * order: {@code values} {@code [N, dim]} (zero rows where absent, never read as data) and {@code
 * mask} {@code [N]}, 1 where the item carries a vector.
 */
final class ModalityTable {
    final String name;
    final String head;
    final int dim;
    final float[] values;
    final float[] mask;
    final int present;

    private ModalityTable(
            String name, String head, int dim, float[] values, float[] mask, int present) {
        this.name = name;
        this.head = head;
        this.dim = dim;
        this.values = values;
        this.mask = mask;
        this.present = present;
    }

    /**
     * The table of {@code modality} ("visual" or "audio") over {@code itemIds}; null when no item
     * carries it. A {@link TrainingException} when items disagree on the vector size.
     */
    static ModalityTable of(
            String modality, String head, List<String> itemIds, Map<String, ItemContent> items) {
        int n = itemIds.size();
        int dim = -1;
        String first = null;
        for (String id : itemIds) {
            float[] v = vector(items.get(id), modality);
            if (v == null) {
                continue;
            }
            if (dim < 0) {
                dim = v.length;
                first = id;
            } else if (v.length != dim) {
                throw new TrainingException(
                        modality
                                + " vectors disagree in size: item "
                                + first
                                + " has "
                                + dim
                                + " values, item "
                                + id
                                + " has "
                                + v.length);
            }
        }
        if (dim <= 0) {
            return null;
        }
        float[] values = new float[n * dim];
        float[] mask = new float[n];
        int present = 0;
        for (int i = 0; i < n; i++) {
            float[] v = vector(items.get(itemIds.get(i)), modality);
            if (v != null) {
                System.arraycopy(v, 0, values, i * dim, dim);
                mask[i] = 1f;
                present++;
            }
        }
        return new ModalityTable(modality, head, dim, values, mask, present);
    }

    private static float[] vector(ItemContent content, String modality) {
        if (content == null) {
            return null;
        }
        return "visual".equals(modality) ? content.visual : content.audio;
    }
}
