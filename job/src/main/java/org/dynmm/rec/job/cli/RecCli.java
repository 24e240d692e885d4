package org.dynmm.rec.job.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code bin/rec} command line: one entry point with a subcommand per task. */
@Command(
        name = "rec",
        mixinStandardHelpOptions = true,
        description = "DynMM-Explain-LLMRec streaming recommender on Apache Flink.",
        subcommands = {
            DemoCommand.class,
            RunCommand.class,
            TrainCommand.class,
            TrainProjectorsCommand.class,
            EvaluateCommand.class,
            InspectStateCommand.class,
            SyntheticModalitiesCommand.class,
            CrossModalRecallCommand.class
        })
public class RecCli implements Runnable {
    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new RecCli()).execute(args));
    }
}
