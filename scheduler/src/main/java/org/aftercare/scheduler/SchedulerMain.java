package org.aftercare.scheduler;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.aftercare.kit.config.ConfigException;
import org.aftercare.kit.config.Settings;
import org.aftercare.kit.dlq.DeadLetterTool;
import org.aftercare.kit.kafka.TopicSetup;
import org.aftercare.kit.lifecycle.ServiceMain;
import org.aftercare.scheduler.db.Database;
import org.aftercare.scheduler.kafka.EventPublisher;
import org.aftercare.scheduler.member.MemberProblem;
import org.aftercare.scheduler.member.MemberStore;
import org.aftercare.scheduler.member.Members;
import org.aftercare.scheduler.roster.RosterImport;

/**
 * Runs the scheduler as its own process, configured from the environment; or one of its commands:
 *
 * <pre>
 * java -jar scheduler-runnable.jar                 run the service
 * java -jar scheduler-runnable.jar import FILE.csv  enroll a CSV roster (progress and every rejected row on the console)
 * java -jar scheduler-runnable.jar resync           republish every member's snapshot (staff and care teams are the console's)
 * </pre>
 *
 * Commands use the same configuration as the service (database, Kafka) and exit 0 when all went
 * well, 1 when rows were rejected or the command failed, 2 on wrong usage.
 */
public final class SchedulerMain {

    private SchedulerMain() {}

    public static void main(String[] args) {
        if (args.length == 0) {
            ServiceMain.run(
                    "scheduler",
                    () -> SchedulerService.start(SchedulerConfig.from(Settings.fromEnvironment(), System.getenv())));
            return;
        }
        if (DeadLetterTool.isDlqCommand(args)) {
            // The scheduler writes no dead letters of its own: --dlq names streams' or the notifier's.
            System.exit(DeadLetterTool.runFromEnvironment(args, Optional.empty()));
        }
        System.exit(command(args, System.out, System.err));
    }

    static int command(String[] args, PrintStream out, PrintStream err) {
        String usage = "usage: scheduler [import ROSTER.csv | resync | dlq list|show|replay --dlq NAME ...]";
        if (!(args[0].equals("import") && args.length == 2) && !(args[0].equals("resync") && args.length == 1)) {
            err.println(usage);
            return 2;
        }
        SchedulerConfig config;
        try {
            config = SchedulerConfig.from(Settings.fromEnvironment(), System.getenv());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            return 2;
        }
        TopicSetup.ensureAll(config.kafka());
        try (Database db = Database.open(config.dbUrl(), config.dbUser(), config.dbPassword());
                EventPublisher publisher = new EventPublisher(config.kafka())) {
            MemberStore store = new MemberStore();
            Members members = Members.create(db, store, publisher, config, config.clock(), new SimpleMeterRegistry());
            if (args[0].equals("resync")) {
                out.println("republished " + members.outbox().resync() + " member profiles");
                return 0;
            }
            return importRoster(Path.of(args[1]), db, members, config, out, err);
        }
    }

    private static int importRoster(
            Path file, Database db, Members members, SchedulerConfig config, PrintStream out, PrintStream err) {
        RosterImport roster = new RosterImport(members.lifecycle(), config.clock(), new SimpleMeterRegistry());
        long started = System.nanoTime();
        RosterImport.Report report;
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            report = roster.run(
                    in,
                    p -> out.printf(
                            "... %d rows: %d created, %d unchanged, %d rejected%n",
                            p.rows(), p.created(), p.unchanged(), p.rejectedCount()));
        } catch (MemberProblem p) {
            err.println("roster refused: " + p.getMessage());
            p.errors().forEach((column, reason) -> err.println("  " + column + ": " + reason));
            return 1;
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return 1;
        }
        db.analyze();
        for (RosterImport.Rejected r : report.rejected()) {
            StringBuilder line = new StringBuilder(r.line() > 0 ? "line " + r.line() + ":" : "end of file:");
            r.reasons()
                    .forEach((field, reason) -> line.append(' ')
                            .append(field)
                            .append(' ')
                            .append(reason)
                            .append(';'));
            err.println(line);
        }
        out.println("publishing profiles ...");
        int published;
        int total = 0;
        while ((published = members.outbox().publishPending()) > 0) {
            total += published;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        out.printf(
                "done in %.1f s: %d rows, %d created, %d unchanged, %d rejected; %d profiles published%n",
                seconds, report.rows(), report.created(), report.unchanged(), report.rejectedCount(), total);
        return report.rejected().isEmpty() ? 0 : 1;
    }
}
