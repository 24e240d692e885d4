package org.dynmm.rec.models.base;

import java.io.Serializable;
import java.util.HashMap;
import java.util.List;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;
import org.dynmm.rec.models.text.ItemTextFields;

/**
 * The frozen base model served in plain Java (no DJL): item latents {@code z_i^base} looked up from
 * the bundle, the text encoder {@code f_T} for items the bundle does not know, and the user encoder
 * over the latents of a user's recent items. Scores are {@code h_u . z_i}, plus the bundle's {@link
 * PopularityPrior} when it has one (see {@link BaseModelScorer}).
 *
 * <p>{@link #load} checks every tensor the model uses against the manifest's dimensions (see {@link
 * BaseTensors} for names and shapes) and refuses a bundle whose sizes disagree with a {@link
 * BundleException} naming the tensor. Immutable and thread-safe; serializable so it can travel
 * inside a Flink function. The item tables are shared with the bundle, not copied.
 */
public final class BaseModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String modelVersion;
    private final int jointDim;
    private final int cfDim;
    private final int textDim;
    private final int historyLength;
    private final UserEncoderType encoderType;
    private final String[] itemIds;
    private final HashMap<String, Integer> rows;
    private final float[] itemZ;

    /** Per bundle row, the encoder's precomputed per-item work; null when it has none. */
    private final float[] rowContentLogits;

    private final float[] itemCf;
    private final float[] itemWarm;
    private final Mlp itemEncoder;
    private final Mlp textEncoder;
    private final float textScale;
    private final PopularityPrior popularityPrior;
    private final UserEncoder userEncoder;
    private final ContentFusion fusion;
    private final ItemTextFields itemTextFields;

    private BaseModel(ModelBundle bundle) {
        BundleManifest manifest = bundle.manifest();
        modelVersion = bundle.modelVersion();
        jointDim = positive(manifest, BaseTensors.DIM_JOINT);
        cfDim = positive(manifest, BaseTensors.DIM_CF);
        textDim = positive(manifest, BaseTensors.DIM_TEXT);
        historyLength = positive(manifest, BaseTensors.DIM_HISTORY);
        Object encoder =
                manifest.hyperParameters == null
                        ? null
                        : manifest.hyperParameters.get(BaseTensors.HP_ENCODER);
        if (encoder == null) {
            throw new BundleException(
                    "bundle "
                            + modelVersion
                            + ": the manifest names no user encoder (hyperParameters."
                            + BaseTensors.HP_ENCODER
                            + "); is this a frozen-base bundle?");
        }
        try {
            encoderType = UserEncoderType.fromId(encoder.toString());
        } catch (IllegalArgumentException e) {
            throw new BundleException("bundle " + modelVersion + ": " + e.getMessage(), e);
        }

        int n = bundle.itemIds().size();
        itemIds = bundle.itemIds().toArray(new String[0]);
        rows = new HashMap<>(n * 2);
        for (int i = 0; i < n; i++) {
            rows.put(itemIds[i], i);
        }
        itemZ = bundle.requireShape(BaseTensors.ITEM_Z, n, jointDim).data();
        itemCf = bundle.requireShape(BaseTensors.ITEM_CF, n, cfDim).data();
        bundle.requireShape(BaseTensors.ITEM_TEXT, n, textDim);
        itemWarm = bundle.requireShape(BaseTensors.ITEM_WARM, n).data();
        itemEncoder = Mlp.read(bundle, BaseTensors.F_I, cfDim, jointDim);
        textEncoder = Mlp.read(bundle, BaseTensors.F_T, textDim, jointDim);
        Mlp.read(bundle, BaseTensors.DEC_I, jointDim, cfDim);
        Mlp.read(bundle, BaseTensors.DEC_T, jointDim, textDim);
        userEncoder = UserEncoder.read(bundle, encoderType, jointDim, historyLength);
        // The attention logit's content part of every bundle item, once: per request the encoder
        // then only pools (the W_k projection of 50 history latents cost as much as scoring).
        rowContentLogits = userEncoder.contentLogits(itemZ, n);
        Object scale = manifest.hyperParameters.get(BaseTensors.HP_TEXT_SCALE);
        if (scale != null && !(scale instanceof Number && ((Number) scale).floatValue() > 0f)) {
            throw new BundleException(
                    "bundle "
                            + modelVersion
                            + ": hyperParameters."
                            + BaseTensors.HP_TEXT_SCALE
                            + " must be a positive number, is "
                            + scale);
        }
        textScale = scale == null ? 1f : ((Number) scale).floatValue();
        fusion = ContentFusion.read(bundle, textEncoder, jointDim, textScale);
        popularityPrior = PopularityPrior.read(manifest);
        itemTextFields = ItemTextFields.read(manifest);
        for (Tensor t : bundle.tensors().values()) {
            for (float v : t.data()) {
                if (!Float.isFinite(v)) {
                    throw new BundleException(
                            "bundle "
                                    + modelVersion
                                    + ": tensor '"
                                    + t.name()
                                    + "' holds a non-finite value ("
                                    + v
                                    + "); the training diverged");
                }
            }
        }
    }

    /** The model in {@code bundle}; a {@link BundleException} when any tensor does not fit. */
    public static BaseModel load(ModelBundle bundle) {
        return new BaseModel(bundle);
    }

    private static int positive(BundleManifest manifest, String name) {
        int value = manifest.requireDimension(name);
        if (value <= 0) {
            throw new BundleException(
                    "bundle "
                            + manifest.modelVersion
                            + ": dimension '"
                            + name
                            + "' must be positive, is "
                            + value);
        }
        return value;
    }

    public String modelVersion() {
        return modelVersion;
    }

    /** d, the size of every latent. */
    public int jointDim() {
        return jointDim;
    }

    /**
     * The parts of an item's content the bundle's text embeddings were made from ({@code
     * hyperParameters.itemTextFields}, all parts when absent): embed a new item's text with {@code
     * ItemText.describe(content, itemTextFields())} before {@link #textLatent}.
     */
    public ItemTextFields itemTextFields() {
        return itemTextFields;
    }

    /** Size of the text embeddings {@link #textLatent} takes. */
    public int textDim() {
        return textDim;
    }

    public int cfDim() {
        return cfDim;
    }

    /** L, the most history latents {@link #userLatent} uses. */
    public int historyLength() {
        return historyLength;
    }

    public UserEncoderType encoderType() {
        return encoderType;
    }

    /** Number of items in the bundle. */
    public int itemCount() {
        return itemIds.length;
    }

    /** Item ids in bundle row order (a copy). */
    public List<String> itemIds() {
        return List.of(itemIds);
    }

    /** True when the bundle knows {@code item}. */
    public boolean hasItem(String item) {
        return rows.containsKey(item);
    }

    /** True when {@code item} had interactions before the training cutoff (it has a CF latent). */
    public boolean isWarm(String item) {
        Integer row = rows.get(item);
        return row != null && itemWarm[row] != 0f;
    }

    /**
     * A cache for one request that {@link #itemLatent(String, UserEncoder.KeyCache)} fills with the
     * encoder's precomputed per-item work; null when the encoder has none.
     */
    UserEncoder.KeyCache requestCache() {
        return rowContentLogits == null ? null : new UserEncoder.KeyCache();
    }

    /**
     * {@link #itemLatent} of {@code item} with its precomputed encoder work recorded in {@code
     * cache} (when the encoder has such work and {@code cache} is not null), or null when the
     * bundle does not know it.
     */
    float[] itemLatent(String item, UserEncoder.KeyCache cache) {
        Integer row = rows.get(item);
        if (row == null) {
            return null;
        }
        float[] z = new float[jointDim];
        System.arraycopy(itemZ, row * jointDim, z, 0, jointDim);
        if (rowContentLogits != null && cache != null) {
            cache.preset(z, rowContentLogits[row]);
        }
        return z;
    }

    /** {@code z_i^base} of {@code item} (a copy), or null when the bundle does not know it. */
    public float[] itemLatent(String item) {
        return itemLatent(item, null);
    }

    /** {@code e_cf} of {@code item} (a copy; zeros for cold items), or null when unknown. */
    public float[] itemCf(String item) {
        Integer row = rows.get(item);
        if (row == null) {
            return null;
        }
        float[] cf = new float[cfDim];
        System.arraycopy(itemCf, row * cfDim, cf, 0, cfDim);
        return cf;
    }

    /** {@code f_I(e_cf)}: the joint latent of a CF embedding of length {@link #cfDim()}. */
    public float[] cfLatent(float[] cfEmbedding) {
        return itemEncoder.forward(cfEmbedding);
    }

    /**
     * {@code s f_T(e_txt)}: the joint latent of a text embedding of length {@link #textDim()}, as
     * the bundle's cold items got theirs ({@code s}: the manifest's calibrated text scale, 1 when
     * absent).
     */
    public float[] textLatent(float[] textEmbedding) {
        float[] z = textEncoder.forward(textEmbedding);
        if (textScale != 1f) {
            for (int i = 0; i < z.length; i++) {
                z[i] *= textScale;
            }
        }
        return z;
    }

    /**
     * The fused content latent of an item the bundle does not know (see {@link ContentFusion}): the
     * mask-weighted mean of {@code f_T}, {@code f_V}, {@code f_A} over the modalities present,
     * times the text scale; equal to {@link #textLatent} when only text is present. Null when none
     * is present; an {@link IllegalArgumentException} for a vector of the wrong size or with a
     * non-finite value.
     */
    public float[] contentLatent(float[] textEmbedding, float[] visual, float[] audio) {
        return fusion.fuse(textEmbedding, visual, audio);
    }

    /** The multimodal part of the model: which heads the bundle has and their sizes. */
    public ContentFusion fusion() {
        return fusion;
    }

    /**
     * The popularity prior the bundle's scores include ({@link PopularityPrior#NONE} for bundles
     * without one).
     */
    public PopularityPrior popularityPrior() {
        return popularityPrior;
    }

    /** The factor {@link #textLatent} applies to {@code f_T} latents. */
    public float textScale() {
        return textScale;
    }

    /**
     * {@code h_u^base} from the latents of a user's recent items, most recent last; only the last
     * {@link #historyLength()} are used. An empty list gives the encoder's learned empty-history
     * latent (trained on users' first events). Every latent must have {@link #jointDim()} values.
     */
    public float[] userLatent(List<float[]> historyLatents) {
        return userLatent(historyLatents, null);
    }

    /**
     * As {@link #userLatent(List)}, with the encoder's per-item work reused from {@code cache}
     * (null: none) across calls over the same latent arrays; equal value for value.
     */
    float[] userLatent(List<float[]> historyLatents, UserEncoder.KeyCache cache) {
        int size = historyLatents.size();
        int n = Math.min(size, historyLength);
        int from = size - n;
        checkLatents(historyLatents, from, size);
        return cache == null
                ? userEncoder.encode(historyLatents, from, n)
                : userEncoder.encode(historyLatents, from, n, cache);
    }

    /**
     * {@link #userLatent} of {@code historyLatents} and of the same list without its last latent
     * (the user just before the most recent item), bit-identical to two {@link #userLatent} calls;
     * the attention encoder does its per-item work once for both. An empty list gives the
     * empty-history latent twice.
     */
    public float[][] userLatentsWithAndWithoutLast(List<float[]> historyLatents) {
        return userLatentsWithAndWithoutLast(historyLatents, null);
    }

    /**
     * As {@link #userLatentsWithAndWithoutLast(List)}, with per-item work from {@code cache} (null:
     * none).
     */
    float[][] userLatentsWithAndWithoutLast(
            List<float[]> historyLatents, UserEncoder.KeyCache cache) {
        int size = historyLatents.size();
        if (size == 0) {
            float[] h = userLatent(historyLatents);
            return new float[][] {h, h.clone()};
        }
        int n = Math.min(size, historyLength);
        int nBefore = Math.min(size - 1, historyLength);
        int fromBefore = size - 1 - nBefore;
        checkLatents(historyLatents, Math.min(size - n, fromBefore), size);
        return cache == null
                ? userEncoder.encodeTwo(historyLatents, size - n, n, fromBefore, nBefore)
                : userEncoder.encodeTwo(historyLatents, size - n, n, fromBefore, nBefore, cache);
    }

    private void checkLatents(List<float[]> historyLatents, int from, int to) {
        for (int k = from; k < to; k++) {
            float[] z = historyLatents.get(k);
            if (z == null || z.length != jointDim) {
                throw new IllegalArgumentException(
                        "history latent "
                                + k
                                + " has "
                                + (z == null ? "no" : Integer.toString(z.length))
                                + " values, "
                                + jointDim
                                + " expected");
            }
        }
    }

    /** Row-major {@code [itemCount, jointDim]} latents; shared, do not modify. */
    float[] itemLatentTable() {
        return itemZ;
    }

    /** True when bundle row {@code row} has a CF latent. */
    public boolean isWarmRow(int row) {
        return itemWarm[row] != 0f;
    }

    /** Bundle row of {@code item}, or -1. */
    public int rowOf(String item) {
        Integer row = rows.get(item);
        return row == null ? -1 : row;
    }

    /**
     * Copies {@code z_i^base} of bundle row {@code row} ({@link #rowOf}) into {@code out}: the
     * values {@link #itemLatent(String)} returns, without a lookup or a new array.
     */
    public void copyRowLatent(int row, float[] out) {
        System.arraycopy(itemZ, row * jointDim, out, 0, jointDim);
    }

    /** A short description for logs. */
    @Override
    public String toString() {
        return "BaseModel{"
                + modelVersion
                + ", "
                + itemIds.length
                + " items, d="
                + jointDim
                + ", encoder="
                + encoderType
                + ", L="
                + historyLength
                + (popularityPrior.active() ? ", " + popularityPrior : "")
                + '}';
    }
}
