package org.dynmm.rec.models.base;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;

/**
 * SYNTHETIC frozen-base bundles: valid shapes, random weights, no training. For tests and
 * benchmarks that need a bundle but not a good model (plumbing, state, throughput).
 */
public final class SyntheticBundles {
    private SyntheticBundles() {}

    /** Attention-pooling frozen base with random weights over items i0 .. i(items-1). */
    public static ModelBundle randomBundle(Random rnd, int items, int d, int l, String version) {
        return randomBundle(rnd, items, d, l, version, 0, 0);
    }

    /**
     * As {@link #randomBundle(Random, int, int, int, String)}, plus random visual / audio
     * projection heads {@code f_V}, {@code f_A} of input size {@code visualDim} / {@code audioDim}
     * (0: no head, the dimension is not declared), each with a random fusion weight logit.
     */
    public static ModelBundle randomBundle(
            Random rnd, int items, int d, int l, String version, int visualDim, int audioDim) {
        return randomBundle(
                rnd, items, d, l, version, visualDim, audioDim, UserEncoderType.ATTENTION);
    }

    /**
     * As {@link #randomBundle(Random, int, int, int, String)} with user encoder {@code encoder}.
     */
    public static ModelBundle randomBundle(
            Random rnd, int items, int d, int l, String version, UserEncoderType encoder) {
        return randomBundle(rnd, items, d, l, version, 0, 0, encoder);
    }

    private static ModelBundle randomBundle(
            Random rnd,
            int items,
            int d,
            int l,
            String version,
            int visualDim,
            int audioDim,
            UserEncoderType encoder) {
        int cf = 3;
        int text = 3;
        int hidden = 3;
        Map<String, Tensor> t = new LinkedHashMap<>();
        put(t, BaseTensors.ITEM_CF, rnd, items, cf);
        put(t, BaseTensors.ITEM_TEXT, rnd, items, text);
        put(t, BaseTensors.ITEM_Z, rnd, items, d);
        t.put(
                BaseTensors.ITEM_WARM,
                new Tensor(BaseTensors.ITEM_WARM, new int[] {items}, new float[items]));
        for (String[] mlp :
                new String[][] {
                    {BaseTensors.F_I, "" + cf, "" + d},
                    {BaseTensors.F_T, "" + text, "" + d},
                    {BaseTensors.DEC_I, "" + d, "" + cf},
                    {BaseTensors.DEC_T, "" + d, "" + text},
                    {BaseTensors.F_V, "" + visualDim, "" + d},
                    {BaseTensors.F_A, "" + audioDim, "" + d}
                }) {
            String[] names = BaseTensors.mlp(mlp[0]);
            int in = Integer.parseInt(mlp[1]);
            int out = Integer.parseInt(mlp[2]);
            if (in == 0) {
                continue;
            }
            put(t, names[0], rnd, in, hidden);
            put(t, names[1], rnd, hidden);
            put(t, names[2], rnd, hidden, out);
            put(t, names[3], rnd, out);
        }
        if (encoder == UserEncoderType.ATTENTION) {
            put(t, BaseTensors.USER_WK, rnd, d, d);
            put(t, BaseTensors.USER_Q, rnd, d);
            put(t, BaseTensors.USER_POS, rnd, l);
            put(t, BaseTensors.USER_WO, rnd, d, d);
            put(t, BaseTensors.USER_BO, rnd, d);
        } else {
            put(t, BaseTensors.USER_POS, rnd, l, d);
            for (String name :
                    List.of(
                            BaseTensors.USER_WQ,
                            BaseTensors.USER_WK,
                            BaseTensors.USER_WV,
                            BaseTensors.USER_FFN_W1,
                            BaseTensors.USER_FFN_W2)) {
                put(t, name, rnd, d, d);
            }
            for (String name :
                    List.of(
                            BaseTensors.USER_LN1_GAMMA,
                            BaseTensors.USER_LN1_BETA,
                            BaseTensors.USER_FFN_B1,
                            BaseTensors.USER_FFN_B2,
                            BaseTensors.USER_LN2_GAMMA,
                            BaseTensors.USER_LN2_BETA,
                            BaseTensors.USER_EMPTY)) {
                put(t, name, rnd, d);
            }
        }
        // Drawn last, so the tensors above are the same with or without heads.
        if (visualDim > 0) {
            put(t, BaseTensors.FUSION_VISUAL, rnd, 1);
        }
        if (audioDim > 0) {
            put(t, BaseTensors.FUSION_AUDIO, rnd, 1);
        }
        BundleManifest m = new BundleManifest();
        m.modelVersion = version;
        m.dimensions.put(BaseTensors.DIM_JOINT, d);
        m.dimensions.put(BaseTensors.DIM_CF, cf);
        m.dimensions.put(BaseTensors.DIM_TEXT, text);
        m.dimensions.put(BaseTensors.DIM_HISTORY, l);
        m.hyperParameters.put(BaseTensors.HP_ENCODER, encoder.id());
        if (visualDim > 0) {
            m.dimensions.put(BaseTensors.DIM_VISUAL, visualDim);
        }
        if (audioDim > 0) {
            m.dimensions.put(BaseTensors.DIM_AUDIO, audioDim);
        }
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < items; i++) {
            ids.add("i" + i);
        }
        return ModelBundle.of(m, ids, t.values());
    }

    private static void put(Map<String, Tensor> t, String name, Random rnd, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        t.put(name, new Tensor(name, shape, v));
    }
}
