package org.dynmm.rec.models.adapter;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;

/**
 * Uniform negatives for sampled softmax, reproducible from a seed derived from the example (so a
 * replayed or restored run samples the same items).
 */
public final class NegativeSampler {
    private NegativeSampler() {}

    /** A seed from the example's identity: user, item and time. */
    public static long seed(long base, String user, String item, long ts) {
        long h = base * 0x9E3779B97F4A7C15L;
        h = 31 * h + user.hashCode();
        h = 31 * h + item.hashCode();
        h = 31 * h + Long.hashCode(ts);
        return h;
    }

    /**
     * Up to {@code count} distinct ids in {@code [0, n)} other than {@code positive} that {@code
     * allowed} accepts; fewer when few are allowed (bounded attempts).
     */
    public static int[] sample(int n, int positive, IntPredicate allowed, long seed, int count) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[count];
        int found = 0;
        for (int attempt = 0; attempt < count * 20 && found < count && n > 1; attempt++) {
            int id = random.nextInt(n);
            if (id == positive || !allowed.test(id) || contains(out, found, id)) {
                continue;
            }
            out[found++] = id;
        }
        return found == count ? out : Arrays.copyOf(out, found);
    }

    /**
     * Up to {@code count} distinct negatives drawn from a mixture: with probability 1/2 uniform
     * over the catalog, else one of the recent interactions in {@code activity} (popularity
     * proportional, so popular items, the hard negatives of a full ranking, are seen often). The
     * sampling probability of each id under the mixture is {@link #mixtureProbability}.
     */
    public static int[] sampleMixed(
            int n,
            int positive,
            IntPredicate allowed,
            long seed,
            int count,
            ItemActivity activity) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] out = new int[count];
        int found = 0;
        for (int attempt = 0; attempt < count * 20 && found < count && n > 1; attempt++) {
            int id =
                    activity.recentSize() > 0 && random.nextBoolean()
                            ? activity.recentItem(random.nextInt(activity.recentSize()))
                            : random.nextInt(n);
            if (id >= n || id == positive || !allowed.test(id) || contains(out, found, id)) {
                continue;
            }
            out[found++] = id;
        }
        return found == count ? out : Arrays.copyOf(out, found);
    }

    /** Probability of drawing {@code id} in one draw of {@link #sampleMixed}. */
    public static double mixtureProbability(int n, int id, ItemActivity activity) {
        if (activity.recentSize() == 0) {
            return 1.0 / n;
        }
        return 0.5 / n + 0.5 * activity.recentShare(id);
    }

    private static boolean contains(int[] ids, int n, int id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }
}
