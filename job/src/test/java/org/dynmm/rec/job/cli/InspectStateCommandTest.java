package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** inspect-state on paths that are not savepoints: one clear line, exit code 2, no stack trace. */
class InspectStateCommandTest {
    @TempDir Path dir;

    private record Run(int exit, String out, String err) {}

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new RecCli());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static void assertOneLineError(Run run, String expected) {
        assertThat(run.exit()).isEqualTo(InspectStateCommand.NOT_INSPECTABLE);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip().lines()).hasSize(1);
        assertThat(run.err()).startsWith("inspect-state: ").contains(expected);
        assertThat(run.err()).doesNotContain("\tat ").doesNotContain("Exception in thread");
    }

    @Test
    void missingPath() {
        assertOneLineError(
                run("inspect-state", dir.resolve("nope").toString()), "no such file or directory");
    }

    @Test
    void directoryWithoutMetadata() throws Exception {
        Files.writeString(dir.resolve("notes.txt"), "not a savepoint");
        assertOneLineError(
                run("inspect-state", dir.toString()), "is not a savepoint or retained checkpoint");
    }

    @Test
    void garbageMetadataFile() throws Exception {
        Path fake = Files.createDirectories(dir.resolve("savepoint-fake"));
        Files.writeString(fake.resolve("_metadata"), "this is no checkpoint metadata");
        assertOneLineError(
                run("inspect-state", "file://" + fake),
                fake + " is not a readable savepoint or checkpoint");
    }
}
