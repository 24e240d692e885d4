package org.dynmm.rec.models.train;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.data.InteractionEvent;

/**
 * The pairs the soft-token projectors are fit on, from a frozen base and per-item targets (see
 * {@link ProjectorTargets}).
 *
 * <ul>
 *   <li>{@code F_I}: {@code z_i^base} of each bundle item with a target, to that target.
 *   <li>{@code F_U}: {@code h_u^base} of a user just before an event of the training window (over
 *       the user's last L distinct items), to the mean target of the user's next {@code next}
 *       items. A-LLMRec's stage 2 asks the LLM, given the user's soft token, to produce the next
 *       item's title; the mean embedding of the next items' titles is the offline stand-in for that
 *       signal, and it places the user token among the items the user is about to take.
 * </ul>
 *
 * Only events before {@code cutoffTs} are used (the bundle's training window), so the test window
 * stays unseen.
 */
public final class ProjectorExamples {

    /** Inputs {@code x} and targets {@code y}, row by row. */
    public record Pairs(float[][] x, float[][] y) {
        public int size() {
            return x.length;
        }
    }

    private ProjectorExamples() {}

    /** {@code F_I} pairs: item latent to item target, for every bundle item with a target. */
    public static Pairs items(BaseModel base, Map<String, float[]> targets) {
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        for (String item : base.itemIds()) {
            float[] t = targets.get(item);
            if (t != null) {
                x.add(base.itemLatent(item));
                y.add(t);
            }
        }
        return new Pairs(x.toArray(new float[0][]), y.toArray(new float[0][]));
    }

    /**
     * {@code F_U} pairs from {@code events} (time order) before {@code cutoffTs}: at most {@code
     * maxPairs}, drawn uniformly over the eligible positions with {@code random}.
     */
    public static Pairs users(
            BaseModel base,
            List<InteractionEvent> events,
            long cutoffTs,
            Map<String, float[]> targets,
            int next,
            int maxPairs,
            Random random) {
        Map<String, List<String>> sequences = new HashMap<>();
        for (InteractionEvent e : events) {
            if (e.ts < cutoffTs) {
                sequences.computeIfAbsent(e.user, u -> new ArrayList<>()).add(e.item);
            }
        }
        // Positions with history and a target among the next items.
        List<long[]> eligible = new ArrayList<>();
        List<String> users = new ArrayList<>(sequences.keySet());
        users.sort(null); // deterministic
        for (int u = 0; u < users.size(); u++) {
            List<String> seq = sequences.get(users.get(u));
            for (int p = 1; p < seq.size(); p++) {
                eligible.add(new long[] {u, p});
            }
        }
        int dim = targets.values().iterator().next().length;
        List<float[]> x = new ArrayList<>();
        List<float[]> y = new ArrayList<>();
        // Partial Fisher-Yates: a uniform sample without replacement, in random order.
        for (int k = 0; k < eligible.size() && x.size() < maxPairs; k++) {
            int j = k + random.nextInt(eligible.size() - k);
            long[] pick = eligible.get(j);
            eligible.set(j, eligible.get(k));
            List<String> seq = sequences.get(users.get((int) pick[0]));
            int p = (int) pick[1];
            float[] mean = new float[dim];
            int n = 0;
            for (int q = p; q < Math.min(seq.size(), p + next); q++) {
                float[] t = targets.get(seq.get(q));
                if (t != null) {
                    for (int c = 0; c < dim; c++) {
                        mean[c] += t[c];
                    }
                    n++;
                }
            }
            if (n == 0) {
                continue;
            }
            for (int c = 0; c < dim; c++) {
                mean[c] /= n;
            }
            x.add(base.userLatent(history(base, seq, p)));
            y.add(mean);
        }
        return new Pairs(x.toArray(new float[0][]), y.toArray(new float[0][]));
    }

    /** Latents of the last L distinct items before position {@code p}, most recent last. */
    private static List<float[]> history(BaseModel base, List<String> seq, int p) {
        Set<String> distinct = new LinkedHashSet<>();
        for (int q = p - 1; q >= 0 && distinct.size() < base.historyLength(); q--) {
            distinct.add(seq.get(q));
        }
        List<String> items = new ArrayList<>(distinct);
        List<float[]> latents = new ArrayList<>(items.size());
        for (int k = items.size() - 1; k >= 0; k--) {
            float[] z = base.itemLatent(items.get(k));
            if (z != null) {
                latents.add(z);
            }
        }
        return latents;
    }
}
