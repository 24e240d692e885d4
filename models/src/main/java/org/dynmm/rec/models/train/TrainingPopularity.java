package org.dynmm.rec.models.train;

import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.base.PopularityPrior;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;

/**
 * The popularity prior's feature {@code log(1 + p_i(t))} of every warm item as of a training
 * example's own time, for the ranking losses (see {@link TrainingConfig#popularityInLoss()}):
 * {@code p_i(t)} is the decayed count of the events on item i before the example's event
 * (duplicates left out, as the evaluator's item view and {@link PopularityValidation} count them),
 * decayed to the example's time with the prior's half-life; a zero half-life counts plainly.
 *
 * <p>A batch's rows are computed by one sweep over the events in time order, so the cost per batch
 * is the events before its latest example plus {@code batch x warm items}; nothing of size examples
 * x items is kept. Not thread-safe.
 */
final class TrainingPopularity {
    /**
     * Largest exponent of 2 kept in an anchored sum before the anchor moves (doubles hold 1023).
     */
    private static final double MAX_EXPONENT = 500;

    private final int warm;
    private final int[] eventRow; // warm row of each counted event, in event order
    private final long[] eventTs;
    private final int[] eventPosition; // position of each counted event in the dataset
    private final double halfLifeMillis;

    /** Scratch of one sweep: anchored sums per warm row. */
    private final double[] anchored;

    TrainingPopularity(Dataset dataset, ExampleSet data, Duration halfLife) {
        this.warm = data.warmCount;
        this.halfLifeMillis = halfLife.toMillis();
        this.anchored = new double[warm];
        Map<String, Integer> rows = new HashMap<>();
        for (int r = 0; r < warm; r++) {
            rows.put(data.itemIds.get(r), r);
        }
        List<InteractionEvent> events = dataset.interactions();
        int end = data.trainEvents;
        int[] row = new int[end];
        long[] ts = new long[end];
        int[] position = new int[end];
        int counted = 0;
        DuplicateFilter duplicates = new DuplicateFilter();
        for (int e = 0; e < end; e++) {
            InteractionEvent event = events.get(e);
            if (!duplicates.accept(event)) {
                continue;
            }
            Integer r = rows.get(event.item);
            if (r != null) {
                row[counted] = r;
                ts[counted] = event.ts;
                position[counted] = e;
                counted++;
            }
        }
        this.eventRow = Arrays.copyOf(row, counted);
        this.eventTs = Arrays.copyOf(ts, counted);
        this.eventPosition = Arrays.copyOf(position, counted);
    }

    /** Number of warm items, the width of a feature row. */
    int width() {
        return warm;
    }

    /**
     * Row-major {@code [positions.length, warm]} features: row k for an example whose event is at
     * dataset position {@code positions[k]}, counted over the events before it, at time {@code
     * times[k]}.
     */
    float[] features(int[] positions, long[] times) {
        int b = positions.length;
        Integer[] order = new Integer[b];
        for (int k = 0; k < b; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (x, y) -> Integer.compare(positions[x], positions[y]));
        float[] out = new float[Math.multiplyExact(b, warm)];
        Arrays.fill(anchored, 0.0);
        long anchorTs = eventTs.length == 0 ? 0 : eventTs[0];
        int next = 0;
        for (int k : order) {
            for (; next < eventPosition.length && eventPosition[next] < positions[k]; next++) {
                if (halfLifeMillis <= 0) {
                    anchored[eventRow[next]] += 1.0;
                    continue;
                }
                double exponent = (eventTs[next] - anchorTs) / halfLifeMillis;
                if (exponent > MAX_EXPONENT) {
                    // Move the anchor to this event: every sum shrinks by the same factor.
                    double shrink = Math.pow(2.0, -exponent);
                    for (int r = 0; r < warm; r++) {
                        anchored[r] *= shrink;
                    }
                    anchorTs = eventTs[next];
                    exponent = 0;
                }
                anchored[eventRow[next]] += Math.pow(2.0, exponent);
            }
            double decay =
                    halfLifeMillis <= 0
                            ? 1.0
                            : Math.pow(2.0, -(times[k] - anchorTs) / halfLifeMillis);
            int offset = k * warm;
            for (int r = 0; r < warm; r++) {
                double a = anchored[r];
                out[offset + r] = a == 0.0 ? 0f : (float) PopularityPrior.feature(a * decay);
            }
        }
        return out;
    }
}
