package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class EvaluateCommandTest {
    private static EvaluateCommand parse(String... args) {
        EvaluateCommand command = new EvaluateCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void theAdapterIsOnByDefaultAndOffWithNoAdapter() {
        assertThat(parse().adapter).isTrue();
        assertThat(parse("--adapter").adapter).isTrue();
        assertThat(parse("--no-adapter").adapter).isFalse();
    }
}
