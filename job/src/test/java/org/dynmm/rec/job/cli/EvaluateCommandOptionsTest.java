package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.dynmm.rec.job.cli.ExplanationMetricsHook.ShiftSource;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How {@code evaluate} reads its switches. */
class EvaluateCommandOptionsTest {

    private static EvaluateCommand parse(String... args) {
        EvaluateCommand command = new EvaluateCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void adapterIsOnByDefaultAndNoAdapterTurnsItOff() {
        // A negatable option defaulting to true needs fallbackValue "true", or picocli inverts
        // both forms (--no-adapter once left the adapter on).
        assertThat(parse().adapter).isTrue();
        assertThat(parse("--adapter").adapter).isTrue();
        assertThat(parse("--no-adapter").adapter).isFalse();
    }

    @Test
    void explainShiftsDefaultsToTheJobsChoice() {
        assertThat(parse().explainShifts).isEqualTo(ShiftSource.JOB);
        assertThat(parse("--explain-shifts", "taste").explainShifts).isEqualTo(ShiftSource.TASTE);
        assertThat(parse("--explain-shifts", "HISTORY").explainShifts)
                .isEqualTo(ShiftSource.HISTORY);
    }

    @Test
    void adapterAblationsSwitchOneTermEachAndTurnEwcOnWhenTheDefaultHasItOff() {
        AdapterConfig withEwc = AdapterConfig.defaults().withEwcLambda(100f).withItemSide(true);
        assertThat(EvaluateCommand.adapterVariants(withEwc, false)).containsOnlyKeys("+adapter");
        Map<String, AdapterConfig> ablations = EvaluateCommand.adapterVariants(withEwc, true);
        assertThat(ablations)
                .containsOnlyKeys(
                        "+adapter",
                        "+adapter-no-stability",
                        "+adapter-no-ewc",
                        "+adapter-no-item-side",
                        "+adapter-no-user-residual",
                        "+adapter-no-shown-items");
        assertThat(ablations.get("+adapter-no-shown-items").usesShownItems()).isFalse();
        assertThat(ablations.get("+adapter-no-shown-items").ewcLambda()).isEqualTo(100f);
        assertThat(ablations.get("+adapter-no-stability").stability()).isFalse();
        assertThat(ablations.get("+adapter-no-user-residual").userResidualLearningRate()).isZero();
        assertThat(ablations.get("+adapter-no-user-residual").ewcLambda()).isEqualTo(100f);
        assertThat(ablations.get("+adapter-no-ewc").ewcLambda()).isZero();
        assertThat(ablations.get("+adapter-no-item-side").itemSide()).isFalse();
        assertThat(ablations.get("+adapter-no-item-side").ewcLambda()).isEqualTo(100f);

        AdapterConfig withoutEwc = AdapterConfig.defaults().withEwcLambda(0f);
        Map<String, AdapterConfig> variants = EvaluateCommand.adapterVariants(withoutEwc, true);
        assertThat(variants).containsKey("+adapter-ewc-10").doesNotContainKey("+adapter-no-ewc");
        assertThat(variants.get("+adapter-ewc-10").ewcLambda())
                .isEqualTo(EvaluateCommand.ABLATION_EWC_LAMBDA);

        // The item side off by default: the ablation row turns it on.
        AdapterConfig userSideOnly = AdapterConfig.defaults().withItemSide(false);
        Map<String, AdapterConfig> withItems = EvaluateCommand.adapterVariants(userSideOnly, true);
        assertThat(withItems)
                .containsKey("+adapter-with-item-side")
                .doesNotContainKey("+adapter-no-item-side");
        assertThat(withItems.get("+adapter-with-item-side").itemSide()).isTrue();

        // Without users' residuals there is no row that turns them off.
        AdapterConfig noResidual =
                AdapterConfig.defaults().toBuilder().userResidualLearningRate(0f).build();
        assertThat(EvaluateCommand.adapterVariants(noResidual, true))
                .doesNotContainKey("+adapter-no-user-residual");

        // Without the shown-items term there is no row that turns it off.
        AdapterConfig noShown = AdapterConfig.defaults().toBuilder().userShownNegatives(0).build();
        assertThat(EvaluateCommand.adapterVariants(noShown, true))
                .doesNotContainKey("+adapter-no-shown-items");
    }
}
