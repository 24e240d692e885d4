package org.dynmm.rec.models.train;

import static org.dynmm.rec.models.base.BaseTensors.DEC_I;
import static org.dynmm.rec.models.base.BaseTensors.DEC_T;
import static org.dynmm.rec.models.base.BaseTensors.DIM_HISTORY;
import static org.dynmm.rec.models.base.BaseTensors.DIM_JOINT;
import static org.dynmm.rec.models.base.BaseTensors.F_I;
import static org.dynmm.rec.models.base.BaseTensors.F_T;
import static org.dynmm.rec.models.base.BaseTensors.HP_ENCODER;
import static org.dynmm.rec.models.base.BaseTensors.ITEM_CF;
import static org.dynmm.rec.models.base.BaseTensors.USER_BO;
import static org.dynmm.rec.models.base.BaseTensors.USER_EMPTY;
import static org.dynmm.rec.models.base.BaseTensors.USER_FFN_B1;
import static org.dynmm.rec.models.base.BaseTensors.USER_FFN_B2;
import static org.dynmm.rec.models.base.BaseTensors.USER_FFN_W1;
import static org.dynmm.rec.models.base.BaseTensors.USER_FFN_W2;
import static org.dynmm.rec.models.base.BaseTensors.USER_LN1_BETA;
import static org.dynmm.rec.models.base.BaseTensors.USER_LN1_GAMMA;
import static org.dynmm.rec.models.base.BaseTensors.USER_LN2_BETA;
import static org.dynmm.rec.models.base.BaseTensors.USER_LN2_GAMMA;
import static org.dynmm.rec.models.base.BaseTensors.USER_POS;
import static org.dynmm.rec.models.base.BaseTensors.USER_Q;
import static org.dynmm.rec.models.base.BaseTensors.USER_WK;
import static org.dynmm.rec.models.base.BaseTensors.USER_WO;
import static org.dynmm.rec.models.base.BaseTensors.USER_WQ;
import static org.dynmm.rec.models.base.BaseTensors.USER_WV;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.base.BaseTensors;
import org.dynmm.rec.models.base.UserEncoderType;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;

/**
 * The frozen base as DJL arrays, for training: the parameters (named as in {@link BaseTensors};
 * {@code item.cf} holds the warm items' rows only) and the forward passes that {@link
 * org.dynmm.rec.models.base.BaseModel} mirrors in plain Java.
 */
final class BaseNetwork {
    /** Added to the attention logits of padding slots. */
    private static final float MASKED = -1e9f;

    final NDManager manager;
    final UserEncoderType encoder;
    final int jointDim;
    final int historyLength;

    /** Prefix of parameters that only shape training and are not part of the bundle. */
    static final String TRAINING_ONLY_PREFIX = "training-only.";

    /** Trainable parameters by tensor name, in a fixed order. */
    final Map<String, NDArray> parameters = new LinkedHashMap<>();

    private BaseNetwork(
            NDManager manager, UserEncoderType encoder, int jointDim, int historyLength) {
        this.manager = manager;
        this.encoder = encoder;
        this.jointDim = jointDim;
        this.historyLength = historyLength;
    }

    /** A freshly initialized network for {@code warmItems} CF rows; weights from {@code random}. */
    static BaseNetwork initialize(
            NDManager manager, TrainingConfig config, int warmItems, int textDim, Random random) {
        int d = config.jointDim();
        int c = config.cfDim();
        int h = config.hiddenDim();
        BaseNetwork net = new BaseNetwork(manager, config.encoder(), d, config.historyLength());
        net.add(ITEM_CF, gaussian(random, 0.1f, warmItems, c));
        net.addMlp(F_I, c, h, d, random);
        net.addMlp(F_T, textDim, h, d, random);
        net.addMlp(DEC_I, d, h, c, random);
        net.addMlp(DEC_T, d, h, textDim, random);
        int l = config.historyLength();
        switch (config.encoder()) {
            case ATTENTION -> {
                net.add(USER_WK, xavier(random, d, d));
                net.add(USER_Q, xavier(random, d, 1).reshape(d));
                net.add(USER_POS, new Array(new float[l], l));
                net.add(USER_WO, identity(d));
                net.add(USER_BO, new Array(new float[d], d));
            }
            case SELF_ATTENTION -> {
                net.add(USER_POS, gaussian(random, 0.02f, l, d));
                net.add(USER_WQ, xavier(random, d, d));
                net.add(USER_WK, xavier(random, d, d));
                net.add(USER_WV, xavier(random, d, d));
                net.add(USER_LN1_GAMMA, constant(1f, d));
                net.add(USER_LN1_BETA, constant(0f, d));
                net.add(USER_FFN_W1, xavier(random, d, d));
                net.add(USER_FFN_B1, constant(0f, d));
                net.add(USER_FFN_W2, xavier(random, d, d));
                net.add(USER_FFN_B2, constant(0f, d));
                net.add(USER_LN2_GAMMA, constant(1f, d));
                net.add(USER_LN2_BETA, constant(0f, d));
                net.add(USER_EMPTY, gaussian(random, 0.1f, d));
            }
        }
        return net;
    }

    /** The network of a trained bundle (for checking the Java forward pass against this one). */
    static BaseNetwork fromBundle(NDManager manager, ModelBundle bundle) {
        UserEncoderType encoder =
                UserEncoderType.fromId(
                        bundle.manifest().hyperParameters.get(HP_ENCODER).toString());
        BaseNetwork net =
                new BaseNetwork(
                        manager,
                        encoder,
                        bundle.manifest().requireDimension(DIM_JOINT),
                        bundle.manifest().requireDimension(DIM_HISTORY));
        for (Tensor t : bundle.tensors().values()) {
            if (!t.name().startsWith("item.")) {
                net.parameters.put(
                        t.name(), manager.create(t.data(), new Shape(toLongs(t.shape()))));
            }
        }
        return net;
    }

    /** Marks every parameter as trainable. */
    void attachGradients() {
        for (NDArray p : parameters.values()) {
            p.setRequiresGradient(true);
        }
    }

    NDArray p(String name) {
        NDArray a = parameters.get(name);
        if (a == null) {
            throw new IllegalStateException("no parameter " + name);
        }
        return a;
    }

    /** {@code relu(x w1 + b1) w2 + b2} with MLP {@code prefix}. */
    NDArray mlp(NDArray x, String prefix) {
        String[] n = BaseTensors.mlp(prefix);
        NDArray hidden = x.matMul(p(n[0])).add(p(n[1]));
        hidden = GradSafe.relu(hidden);
        return hidden.matMul(p(n[2])).add(p(n[3]));
    }

    /**
     * User latents {@code [B, d]} from history latents {@code [B, L, d]} (padding rows zero) and
     * the mask {@code [B, L]} (1 = item, 0 = padding; items right-aligned).
     */
    NDArray encodeUsers(NDArray history, NDArray mask) {
        NDArray maskBias = mask.sub(1f).mul(-MASKED); // 0 for items, MASKED for padding
        return switch (encoder) {
            case ATTENTION -> attentionPooling(history, maskBias);
            case SELF_ATTENTION -> selfAttention(history, mask, maskBias);
        };
    }

    private NDArray attentionPooling(NDArray history, NDArray maskBias) {
        long b = history.getShape().get(0);
        NDArray keys = history.matMul(p(USER_WK)).tanh(); // [B, L, d]
        NDArray logits =
                keys.matMul(p(USER_Q).reshape(jointDim, 1))
                        .reshape(b, historyLength)
                        .add(p(USER_POS))
                        .add(maskBias);
        NDArray weights = logits.softmax(1).expandDims(2); // [B, L, 1]
        NDArray pooled = weights.mul(history).sum(new int[] {1}); // [B, d]
        return pooled.matMul(p(USER_WO)).add(p(USER_BO));
    }

    private NDArray selfAttention(NDArray history, NDArray mask, NDArray maskBias) {
        NDArray x = history.add(p(USER_POS)).mul(mask.expandDims(2)); // [B, L, d], pads zero
        NDArray last = x.get(":, -1, :"); // [B, d]: the most recent item
        NDArray query = last.matMul(p(USER_WQ)).expandDims(2); // [B, d, 1]
        NDArray keys = x.matMul(p(USER_WK));
        NDArray values = x.matMul(p(USER_WV));
        NDArray logits =
                keys.matMul(query)
                        .squeeze(2)
                        .mul(GradSafe.scalar(history, (float) (1.0 / Math.sqrt(jointDim))))
                        .add(maskBias);
        NDArray context = logits.softmax(1).expandDims(2).mul(values).sum(new int[] {1});
        NDArray y = layerNorm(last.add(context), p(USER_LN1_GAMMA), p(USER_LN1_BETA));
        NDArray ffn =
                GradSafe.relu(y.matMul(p(USER_FFN_W1)).add(p(USER_FFN_B1)))
                        .matMul(p(USER_FFN_W2))
                        .add(p(USER_FFN_B2));
        NDArray out = layerNorm(y.add(ffn), p(USER_LN2_GAMMA), p(USER_LN2_BETA));
        NDArray hasHistory = mask.get(":, -1").expandDims(1); // [B, 1]
        return out.mul(hasHistory).add(p(USER_EMPTY).mul(hasHistory.neg().add(1f)));
    }

    static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta) {
        NDArray centered = x.sub(x.mean(new int[] {-1}, true));
        NDArray variance = centered.square().mean(new int[] {-1}, true);
        return centered.div(variance.add(BaseTensors.LAYER_NORM_EPS).sqrt()).mul(gamma).add(beta);
    }

    /**
     * Gathers history latents {@code [B, L, d]} for {@code rows} ({@code B * L} entries, {@link
     * ExampleSet#PAD} for padding) from the item latents {@code [N, d]}, and returns them with the
     * mask.
     */
    NDArray[] gatherHistory(NDArray itemLatents, int[] rows, int batch) {
        long n = itemLatents.getShape().get(0);
        long[] index = new long[rows.length];
        float[] mask = new float[rows.length];
        for (int i = 0; i < rows.length; i++) {
            boolean pad = rows[i] == ExampleSet.PAD;
            index[i] = pad ? n : rows[i];
            mask[i] = pad ? 0f : 1f;
        }
        NDArray padded = itemLatents.concat(manager.zeros(new Shape(1, jointDim)), 0);
        NDArray history = padded.get(manager.create(index)).reshape(batch, historyLength, jointDim);
        return new NDArray[] {history, manager.create(mask, new Shape(batch, historyLength))};
    }

    // ---- initialization -------------------------------------------------------------------

    /** Row-major values with a shape, before they become an NDArray. */
    private record Array(float[] data, long... shape) {
        Array reshape(long... newShape) {
            return new Array(data, newShape);
        }
    }

    private void add(String name, Array a) {
        parameters.put(name, manager.create(a.data, new Shape(a.shape)));
    }

    /**
     * Adds a projection head (an MLP {@code in -> hidden -> joint}) after the base parameters, so
     * the base's initialization stays the same with or without heads.
     */
    void addHead(String prefix, int in, int hidden, Random random) {
        addMlp(prefix, in, hidden, jointDim, random);
    }

    /**
     * Adds a {@code [1]} fusion weight logit at {@link BaseTensors#UNIT_FUSION_LOGIT} (weight 1,
     * the plain mean); it draws nothing from the random stream.
     */
    void addFusionLogit(String name) {
        add(name, constant(BaseTensors.UNIT_FUSION_LOGIT, 1));
    }

    /**
     * Adds a {@code [1]} training-only scalar named {@link #TRAINING_ONLY_PREFIX}{@code name} (not
     * written to the bundle); it draws nothing from the random stream.
     */
    String addTrainingScalar(String name, float value) {
        String full = TRAINING_ONLY_PREFIX + name;
        add(full, constant(value, 1));
        return full;
    }

    private void addMlp(String prefix, int in, int hidden, int out, Random random) {
        String[] n = BaseTensors.mlp(prefix);
        add(n[0], xavier(random, in, hidden));
        add(n[1], constant(0f, hidden));
        add(n[2], xavier(random, hidden, out));
        add(n[3], constant(0f, out));
    }

    private static Array xavier(Random random, int in, int out) {
        float bound = (float) Math.sqrt(6.0 / (in + out));
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (random.nextFloat() * 2f - 1f) * bound;
        }
        return new Array(w, in, out);
    }

    private static Array gaussian(Random random, float std, long... shape) {
        long size = 1;
        for (long s : shape) {
            size *= s;
        }
        float[] w = new float[Math.toIntExact(size)];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) (random.nextGaussian() * std);
        }
        return new Array(w, shape);
    }

    private static Array constant(float value, int size) {
        float[] w = new float[size];
        Arrays.fill(w, value);
        return new Array(w, size);
    }

    private static Array identity(int d) {
        float[] w = new float[d * d];
        for (int i = 0; i < d; i++) {
            w[i * d + i] = 1f;
        }
        return new Array(w, d, d);
    }

    private static long[] toLongs(int[] shape) {
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) {
            s[i] = shape[i];
        }
        return s;
    }
}
