package org.aftercare.deploy;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** The "no drift either way" rule between what a deploy file sets and what a service reads. */
final class EnvironmentRules {

    /**
     * Problems, one line each: a variable set that the service does not read; a variable read that
     * the file neither sets nor names as left at its default; a name kept at its default that the
     * service no longer reads, or that is also set.
     */
    static List<String> drift(
            String where, ServiceConfigs.Service service, Collection<String> set, Collection<String> keptAtDefault) {
        List<String> problems = new ArrayList<>();
        Set<String> read = service.readSet();
        for (String name : new TreeSet<>(set)) {
            if (!service.accepts(name)) {
                problems.add(where + ": sets " + name + ", which " + service.name() + " does not read");
            }
        }
        for (String name : read) {
            if (!set.contains(name) && !keptAtDefault.contains(name)) {
                problems.add(where + ": " + service.name() + " reads " + name
                        + ", which is neither set nor listed as kept at its default");
            }
        }
        for (String name : new TreeSet<>(keptAtDefault)) {
            if (!read.contains(name)) {
                problems.add(where + ": lists " + name + " as kept at its default, but " + service.name()
                        + " does not read it");
            }
            if (set.contains(name)) {
                problems.add(where + ": " + name + " is both set and listed as kept at its default");
            }
        }
        return problems;
    }

    private EnvironmentRules() {}
}
