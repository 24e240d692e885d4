package org.dynmm.rec.job.cli;

import java.util.concurrent.Callable;
import org.dynmm.rec.job.RecommenderJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** Runs the Kafka-wired job: on a cluster when submitted with {@code flink run}, else locally. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = "Run the recommender job against Kafka (see docs/CONFIGURATION.md for keys).")
public class RunCommand implements Callable<Integer> {
    @Mixin ConfigOptionsMixin config;

    @Override
    public Integer call() throws Exception {
        RecommenderJob.run(config.configuration());
        return 0;
    }
}
