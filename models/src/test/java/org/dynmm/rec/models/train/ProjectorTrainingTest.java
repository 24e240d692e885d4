package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseTensors;
import org.dynmm.rec.models.base.SoftTokenProjectors;
import org.dynmm.rec.models.base.TinyBundles;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.data.InteractionEvent;
import org.junit.jupiter.api.Test;

class ProjectorTrainingTest {

    /** SYNTHETIC: targets a fixed nonlinear function of the input, plus a little noise. */
    @Test
    void tinyFitLowersTheLossAndBeatsTheMean() {
        Random random = new Random(7);
        int n = 300;
        float[][] x = new float[n][4];
        float[][] y = new float[n][6];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) {
                x[i][k] = (float) random.nextGaussian();
            }
            for (int j = 0; j < 6; j++) {
                y[i][j] =
                        Math.max(0f, x[i][j % 4] + x[i][(j + 1) % 4])
                                - 0.5f * x[i][(j + 2) % 4]
                                + 0.01f * (float) random.nextGaussian();
            }
        }
        ProjectorTrainer.Fit fit =
                new ProjectorTrainer(new ProjectorTrainer.Config(32, 30, 64, 0.01f, 0.2, 1L))
                        .fit(x, y);

        List<Double> loss = fit.trainLoss();
        assertThat(loss).hasSize(30);
        assertThat(loss.get(loss.size() - 1)).isLessThan(loss.get(0) * 0.2);
        assertThat(fit.validationPairs()).isEqualTo(60);
        assertThat(fit.validationLoss()).isLessThan(fit.meanBaselineLoss() * 0.2);
        assertThat(fit.weights()[0]).hasSize(4 * 32);
        assertThat(fit.weights()[3]).hasSize(6);
    }

    @Test
    void addsProjectorsFitToTheStandInTextSpaceToABundle() {
        ModelBundle bundle = TinyBundles.bundle();
        Map<String, float[]> targets = ProjectorTargets.standIn(bundle, BaseTensors.ITEM_TEXT);
        assertThat(targets).containsOnlyKeys("a", "b", "c");
        // SYNTHETIC events: users alternate between the three items.
        List<InteractionEvent> events = new ArrayList<>();
        String[] items = {"a", "b", "c"};
        for (int t = 0; t < 60; t++) {
            events.add(new InteractionEvent("u" + (t % 4), items[(t / 4 + t) % 3], "view", 1f, t));
        }
        ProjectorTraining.Result result =
                ProjectorTraining.run(
                        bundle,
                        events,
                        targets,
                        ProjectorTargets.STAND_IN,
                        new ProjectorTrainer.Config(8, 30, 8, 0.01f, 0.0, 3L),
                        2,
                        100);

        assertThat(result.itemPairs()).isEqualTo(3);
        assertThat(result.userPairs()).isBetween(2, 100);
        List<Double> itemLoss = result.item().trainLoss();
        assertThat(itemLoss.get(itemLoss.size() - 1)).isLessThan(itemLoss.get(0));
        ModelBundle out = result.bundle();
        assertThat(out.modelVersion()).isEqualTo(bundle.modelVersion() + "+soft-tokens");
        assertThat(out.manifest().hyperParameters.get(BaseTensors.HP_SOFT_TOKEN_TARGET))
                .asString()
                .startsWith("STAND-IN");
        SoftTokenProjectors p = SoftTokenProjectors.read(out);
        assertThat(p.llmDim()).isEqualTo(3); // the tiny bundle's text size
        BaseModel base = BaseModel.load(out);
        assertThat(p.item(base.itemLatent("a"))).hasSize(3);
        assertThat(p.user(base.userLatent(List.of(base.itemLatent("a"))))).hasSize(3);
    }

    @Test
    void userPairsUseOnlyEventsBeforeTheCutoffAndTheNextItemsMean() {
        BaseModel base = BaseModel.load(TinyBundles.bundle());
        Map<String, float[]> targets = new HashMap<>();
        targets.put("a", new float[] {1, 0});
        targets.put("b", new float[] {0, 1});
        targets.put("c", new float[] {9, 9});
        List<InteractionEvent> events =
                List.of(
                        new InteractionEvent("u", "a", "view", 1f, 1),
                        new InteractionEvent("u", "b", "view", 1f, 2),
                        new InteractionEvent("u", "a", "view", 1f, 3),
                        new InteractionEvent("u", "c", "view", 1f, 10)); // after the cutoff
        ProjectorExamples.Pairs pairs =
                ProjectorExamples.users(base, events, 5, targets, 2, 10, new Random(1));
        // Positions 1 and 2 of a, b, a: targets mean(b, a) and mean(a).
        assertThat(pairs.size()).isEqualTo(2);
        List<List<Float>> ys = new ArrayList<>();
        for (float[] y : pairs.y()) {
            ys.add(List.of(y[0], y[1]));
        }
        assertThat(ys).containsExactlyInAnyOrder(List.of(0.5f, 0.5f), List.of(1f, 0f));
    }
}
