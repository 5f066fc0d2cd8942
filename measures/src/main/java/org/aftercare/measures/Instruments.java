package org.aftercare.measures;

import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The questionnaires a program has, by id and version. A plan names an instrument by id and gets
 * its latest version; a stored result names the version it was scored with, which stays loadable so
 * its scores can be recomputed.
 */
public final class Instruments {

    private final Map<String, Instrument> byKey = new LinkedHashMap<>();

    Instruments(List<Instrument> all) {
        all.stream()
                .sorted(Comparator.comparing(Instrument::id).thenComparing(Instrument::version))
                .forEach(i -> byKey.put(i.id() + " v" + i.version(), i));
    }

    public List<Instrument> all() {
        return List.copyOf(byKey.values());
    }

    public Optional<Instrument> get(String id, int version) {
        return Optional.ofNullable(byKey.get(id + " v" + version));
    }

    /** The newest version of {@code id}. */
    public Optional<Instrument> latest(String id) {
        return byKey.values().stream().filter(i -> i.id().equals(id)).max(Comparator.comparing(Instrument::version));
    }
}
