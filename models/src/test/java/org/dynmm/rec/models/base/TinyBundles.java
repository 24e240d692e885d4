package org.dynmm.rec.models.base;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;

/**
 * Hand-made frozen-base bundles small enough to check by hand: d = 2, cf = 2, text = 3, hidden = 2,
 * L = 3, attention pooling, items a (warm), b (warm), c (cold).
 */
public final class TinyBundles {
    static final int D = 2;
    static final int CF = 2;
    static final int TEXT = 3;
    static final int H = 2;
    static final int L = 3;

    private TinyBundles() {}

    /** Tensors by name; tests replace entries to break the bundle. */
    static Map<String, Tensor> tensors() {
        Map<String, Tensor> t = new LinkedHashMap<>();
        put(t, "item.cf", new int[] {3, CF}, 1, 0, 0, 1, 0, 0);
        put(t, "item.text", new int[] {3, TEXT}, 1, 0, 0, 0, 1, 0, 2, 1, 1);
        // z: a = (1, 0), b = (0, 1), c = (0.5, 0.5)
        put(t, "item.z", new int[] {3, D}, 1, 0, 0, 1, 0.5f, 0.5f);
        put(t, "item.warm", new int[] {3}, 1, 1, 0);
        mlp(t, "f_I", CF, D);
        // f_T: w1 [3, 2], b1 [2], w2 [2, 2], b2 [2]
        put(t, "f_T.w1", new int[] {TEXT, H}, 1, 0, 0, 1, 1, 1);
        put(t, "f_T.b1", new int[] {H}, 0, -1);
        put(t, "f_T.w2", new int[] {H, D}, 1, 2, 3, 4);
        put(t, "f_T.b2", new int[] {D}, 0.5f, 0);
        mlp(t, "dec_I", D, CF);
        mlp(t, "dec_T", D, TEXT);
        // attention pooling: wk = I, q = (1, 0), pos = (0, 0, 0.5), wo = I, bo = (0.1, 0.2)
        put(t, "user.wk", new int[] {D, D}, 1, 0, 0, 1);
        put(t, "user.q", new int[] {D}, 1, 0);
        put(t, "user.pos", new int[] {L}, 0, 0, 0.5f);
        put(t, "user.wo", new int[] {D, D}, 1, 0, 0, 1);
        put(t, "user.bo", new int[] {D}, 0.1f, 0.2f);
        return t;
    }

    static BundleManifest manifest() {
        BundleManifest m = new BundleManifest();
        m.modelVersion = "base-20261125-test0001";
        m.dimensions.put("joint", D);
        m.dimensions.put("cf", CF);
        m.dimensions.put("text", TEXT);
        m.dimensions.put("history", L);
        m.hyperParameters.put("encoder", "attention");
        m.hyperParameters.put("cutoffFraction", 0.8);
        return m;
    }

    public static ModelBundle bundle() {
        return bundle(manifest(), tensors());
    }

    /**
     * The tiny bundle with a popularity prior of weights {@code w} (a, b) and {@code wCold} (c).
     */
    public static ModelBundle bundleWithPrior(double w, double wCold, java.time.Duration halfLife) {
        BundleManifest m = manifest();
        new PopularityPrior(w, wCold, halfLife).writeTo(m.hyperParameters);
        return bundle(m, tensors());
    }

    static ModelBundle bundle(BundleManifest manifest, Map<String, Tensor> tensors) {
        return ModelBundle.of(manifest, List.of("a", "b", "c"), tensors.values());
    }

    static void put(Map<String, Tensor> t, String name, int[] shape, float... values) {
        t.put(name, new Tensor(name, shape, values));
    }

    /** An MLP of ones and zeros of the given sizes (its values are not checked). */
    static void mlp(Map<String, Tensor> t, String prefix, int in, int out) {
        t.put(prefix + ".w1", new Tensor(prefix + ".w1", new int[] {in, H}, new float[in * H]));
        t.put(prefix + ".b1", new Tensor(prefix + ".b1", new int[] {H}, new float[H]));
        t.put(prefix + ".w2", new Tensor(prefix + ".w2", new int[] {H, out}, new float[H * out]));
        t.put(prefix + ".b2", new Tensor(prefix + ".b2", new int[] {out}, new float[out]));
    }
}
