package org.dynmm.rec.models.base;

import java.io.Serializable;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;

/**
 * The soft-token projectors of A-LLMRec stage 2: {@code F_U} maps a user latent {@code h_u} and
 * {@code F_I} an item's joint latent {@code z_i} (both of size d) into the token-embedding space of
 * an LLM (size m, manifest dimension {@value BaseTensors#DIM_LLM}), so that a server accepting
 * prompt embeddings can take them as tokens next to the text. Each is a two-layer ReLU perceptron
 * stored like the base's MLPs, under {@value BaseTensors#SOFT_F_U} and {@value
 * BaseTensors#SOFT_F_I}.
 *
 * <p>Optional in a bundle: bundles written before the projectors existed, or without them, still
 * load as a {@link BaseModel}; {@link #isPresent} says whether a bundle has them and {@link #read}
 * explains what is missing. Immutable and thread-safe.
 */
public final class SoftTokenProjectors implements Serializable {
    private static final long serialVersionUID = 1L;

    private final Mlp user;
    private final Mlp item;
    private final String target;

    public SoftTokenProjectors(Mlp user, Mlp item, String target) {
        if (user.inputSize() != item.inputSize() || user.outputSize() != item.outputSize()) {
            throw new IllegalArgumentException(
                    "F_U and F_I must map the same sizes: "
                            + user.inputSize()
                            + "->"
                            + user.outputSize()
                            + " vs "
                            + item.inputSize()
                            + "->"
                            + item.outputSize());
        }
        this.user = user;
        this.item = item;
        this.target = target;
    }

    /** True when {@code bundle} has the projectors' tensors and dimension. */
    public static boolean isPresent(ModelBundle bundle) {
        for (String prefix : List.of(BaseTensors.SOFT_F_U, BaseTensors.SOFT_F_I)) {
            for (String name : BaseTensors.mlp(prefix)) {
                if (!bundle.hasTensor(name)) {
                    return false;
                }
            }
        }
        Map<String, Integer> dims = bundle.manifest().dimensions;
        return dims != null && dims.containsKey(BaseTensors.DIM_LLM);
    }

    /**
     * The projectors of {@code bundle}; a {@link BundleException} saying how to add them when the
     * bundle has none, or naming the tensor whose shape does not fit.
     */
    public static SoftTokenProjectors read(ModelBundle bundle) {
        BundleManifest manifest = bundle.manifest();
        if (!isPresent(bundle)) {
            throw new BundleException(
                    "bundle "
                            + bundle.modelVersion()
                            + " has no soft-token projectors (tensors "
                            + BaseTensors.SOFT_F_U
                            + ".*, "
                            + BaseTensors.SOFT_F_I
                            + ".* and dimension '"
                            + BaseTensors.DIM_LLM
                            + "'); add them with `bin/rec train-projectors` or set"
                            + " rec.llm.soft-tokens.enabled=false");
        }
        int d = manifest.requireDimension(BaseTensors.DIM_JOINT);
        int m = manifest.requireDimension(BaseTensors.DIM_LLM);
        Object target =
                manifest.hyperParameters == null
                        ? null
                        : manifest.hyperParameters.get(BaseTensors.HP_SOFT_TOKEN_TARGET);
        return new SoftTokenProjectors(
                Mlp.read(bundle, BaseTensors.SOFT_F_U, d, m),
                Mlp.read(bundle, BaseTensors.SOFT_F_I, d, m),
                target == null ? "unknown" : target.toString());
    }

    /** Projectors from weights ({@code w1 [d, H], b1 [H], w2 [H, m], b2 [m]}, row-major). */
    public static SoftTokenProjectors of(
            int jointDim,
            int hidden,
            int llmDim,
            float[][] userWeights,
            float[][] itemWeights,
            String target) {
        return new SoftTokenProjectors(
                mlp(BaseTensors.SOFT_F_U, jointDim, hidden, llmDim, userWeights),
                mlp(BaseTensors.SOFT_F_I, jointDim, hidden, llmDim, itemWeights),
                target);
    }

    private static Mlp mlp(String name, int in, int hidden, int out, float[][] w) {
        int[] sizes = {in * hidden, hidden, hidden * out, out};
        for (int k = 0; k < 4; k++) {
            if (w[k].length != sizes[k]) {
                throw new IllegalArgumentException(
                        BaseTensors.mlp(name)[k]
                                + " has "
                                + w[k].length
                                + " values, "
                                + sizes[k]
                                + " expected");
            }
        }
        return new Mlp(
                name, in, hidden, out, w[0].clone(), w[1].clone(), w[2].clone(), w[3].clone());
    }

    /** m, the LLM token-embedding size. */
    public int llmDim() {
        return user.outputSize();
    }

    /** d, the latent size the projectors take. */
    public int jointDim() {
        return user.inputSize();
    }

    public int hiddenDim() {
        return user.hiddenSize();
    }

    /** What the projectors were fit to (manifest {@value BaseTensors#HP_SOFT_TOKEN_TARGET}). */
    public String target() {
        return target;
    }

    /** {@code F_U(h_u)}, a new array of {@link #llmDim()} values. */
    public float[] user(float[] userLatent) {
        return user.forward(userLatent);
    }

    /** {@code F_I(z_i)}, a new array of {@link #llmDim()} values. */
    public float[] item(float[] itemLatent) {
        return item.forward(itemLatent);
    }

    /** The eight tensors, named as in {@link BaseTensors}. */
    public List<Tensor> tensors() {
        List<Tensor> out = new ArrayList<>(8);
        for (Mlp mlp : List.of(user, item)) {
            String[] names = BaseTensors.mlp(mlp.name());
            int in = mlp.inputSize();
            int h = mlp.hiddenSize();
            int o = mlp.outputSize();
            float[][] w = mlp.weights();
            out.add(new Tensor(names[0], new int[] {in, h}, w[0]));
            out.add(new Tensor(names[1], new int[] {h}, w[1]));
            out.add(new Tensor(names[2], new int[] {h, o}, w[2]));
            out.add(new Tensor(names[3], new int[] {o}, w[3]));
        }
        return out;
    }

    /**
     * {@code bundle} with these projectors added (replacing any it had): the tensors, dimension
     * {@value BaseTensors#DIM_LLM}, the target description and {@code extraHyperParameters} (e.g.
     * the fit's losses) in the manifest, under the new model version {@code modelVersion}.
     */
    public ModelBundle addTo(
            ModelBundle bundle, String modelVersion, Map<String, Object> extraHyperParameters) {
        BundleManifest manifest = bundle.manifest();
        BundleManifest copy = new BundleManifest();
        copy.formatVersion = manifest.formatVersion;
        copy.modelVersion = modelVersion;
        copy.createdAt = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        copy.codeVersion = manifest.codeVersion;
        copy.dimensions = new TreeMap<>(orEmpty(manifest.dimensions));
        copy.dimensions.put(BaseTensors.DIM_LLM, llmDim());
        copy.modalities =
                manifest.modalities == null
                        ? new ArrayList<>()
                        : new ArrayList<>(manifest.modalities);
        copy.trainingData = manifest.trainingData;
        copy.losses = new TreeMap<>(orEmpty(manifest.losses));
        copy.metrics = new TreeMap<>(orEmpty(manifest.metrics));
        copy.hyperParameters = new TreeMap<>(orEmpty(manifest.hyperParameters));
        copy.hyperParameters.put(BaseTensors.HP_SOFT_TOKEN_TARGET, target);
        copy.hyperParameters.putAll(extraHyperParameters);
        Map<String, Tensor> tensors = new TreeMap<>(bundle.tensors());
        for (Tensor t : tensors()) {
            tensors.put(t.name(), t);
        }
        return new ModelBundle(copy, bundle.itemIds(), tensors);
    }

    private static <K, V> Map<K, V> orEmpty(Map<K, V> map) {
        return map == null ? Map.of() : map;
    }

    @Override
    public String toString() {
        return "SoftTokenProjectors{d="
                + jointDim()
                + ", hidden="
                + hiddenDim()
                + ", m="
                + llmDim()
                + ", target="
                + target
                + '}';
    }
}
