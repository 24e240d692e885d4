package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.dynmm.rec.job.cli.ExplanationMetricsHook.ShiftSource;
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
}
