package org.dynmm.rec.job.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.dynmm.rec.job.inspect.StateInspection;
import org.dynmm.rec.job.inspect.StateInspectionException;
import org.dynmm.rec.job.inspect.StateInspector;
import org.dynmm.rec.job.inspect.StateSummary;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Prints the per-user state held in a savepoint or retained checkpoint, as JSON lines. */
@Command(
        name = "inspect-state",
        mixinStandardHelpOptions = true,
        description = {
            "Read the per-user keyed state (uids user-state and ranker: history, s_u^new,"
                    + " beta_u) from a savepoint or retained checkpoint: one JSON line per user,"
                    + " then a summary line {\"summary\":{...}} with the adapter's parameter"
                    + " version when the job ran with the online adapter.",
            "PATH: a savepoint directory, a chk-N directory, a _metadata file, or a job's"
                    + " checkpoint directory (its newest chk-N is read)."
        })
public class InspectStateCommand implements Callable<Integer> {
    /** Exit code when the path cannot be inspected. */
    static final int NOT_INSPECTABLE = 2;

    @Spec CommandSpec spec;

    @Parameters(index = "0", paramLabel = "PATH", description = "Savepoint or checkpoint.")
    String path;

    @Option(
            names = {"-u", "--user"},
            paramLabel = "USER",
            description = "Only this user (repeatable).")
    List<String> users = List.of();

    @Option(names = "--summary-only", description = "Print only the summary line.")
    boolean summaryOnly;

    @Option(
            names = "--parallelism",
            defaultValue = "1",
            description = "Parallelism of the local reader (default: ${DEFAULT-VALUE}).")
    int parallelism;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Set<String> wanted = new LinkedHashSet<>(users);
        StateInspection inspection;
        try {
            inspection = StateInspector.read(path, wanted, parallelism);
        } catch (StateInspectionException e) {
            spec.commandLine().getErr().println("inspect-state: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return NOT_INSPECTABLE;
        }
        StateSummary summary = new StateSummary();
        for (ObjectNode line : inspection.users()) {
            summary.add(line);
            if (!summaryOnly) {
                out.println(line);
            }
        }
        ObjectNode summaryLine = summary.toJson();
        inspection.adapter().ifPresent(adapter -> summaryLine.set("adapter", adapter));
        summaryLine.put("snapshot", path);
        out.println("{\"summary\":" + summaryLine + "}");
        out.flush();
        return 0;
    }
}
