package org.aftercare.measures;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.aftercare.events.flag.FlagSeverity;

/**
 * Reads instrument definitions: the ones shipped with this module (classpath {@code
 * measures/shipped/}, listed in its {@code index.txt}) and those a program drops into its folder
 * ({@code *.yaml}, {@code *.yml}, {@code *.json}; a file named {@code <id>.wording.yaml} is the
 * installed wording of instrument {@code <id>}, for shipped and program instruments alike).
 *
 * <p>Each file is checked against the JSON Schema ({@code instrument.schema.json} or {@code
 * wording.schema.json}), then for what a schema cannot say: every item, option set and score named
 * exists; a skip rule reads only items (or scores made of items) before its item; a reversed item
 * is in its score; bands do not overlap and cover the score's whole range; a flag rule's threshold
 * is reachable; no two files define the same id and version. Every problem found is one line of the
 * {@link DefinitionProblem}: {@code file: $.path: what is wrong}.
 */
public final class Definitions {

    private static final String SHIPPED = "measures/shipped/";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final YAMLMapper YAML = new YAMLMapper();
    private static final SchemaRegistry SCHEMAS = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12);
    private static final Schema INSTRUMENT = schema("instrument.schema.json");
    private static final Schema WORDING = schema("wording.schema.json");

    private Definitions() {}

    /** One definition or wording file: a name for messages and its text. */
    public record Source(String name, String text) {

        public static Source of(Path file) {
            try {
                return new Source(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file.getFileName(), e);
            }
        }

        boolean isWording() {
            return name.matches(".*\\.wording\\.(ya?ml|json)$");
        }

        boolean isJson() {
            return name.endsWith(".json");
        }
    }

    /** The shipped instruments only (their licensed wording not installed: those are not ready). */
    public static Instruments shipped() {
        return load(shippedSources());
    }

    /**
     * The shipped instruments and those in {@code folder} (with any wording installed there).
     *
     * @throws DefinitionProblem listing every problem in every file
     */
    public static Instruments loadWith(Path folder) {
        List<Source> sources = new ArrayList<>(shippedSources());
        if (!Files.isDirectory(folder)) {
            throw new DefinitionProblem(List.of(folder + ": not a folder"));
        }
        try (Stream<Path> files = Files.list(folder)) {
            files.filter(f -> f.getFileName().toString().matches(".*\\.(ya?ml|json)$"))
                    .sorted()
                    .forEach(f -> sources.add(Source.of(f)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
        return load(sources);
    }

    /** Builds instruments from definition and wording sources. */
    public static Instruments load(List<Source> sources) {
        List<String> problems = new ArrayList<>();
        Map<String, Map.Entry<Source, JsonNode>> wordings = new LinkedHashMap<>();
        List<Map.Entry<Source, JsonNode>> definitions = new ArrayList<>();
        for (Source source : sources) {
            JsonNode tree = parse(source, problems);
            if (tree == null) {
                continue;
            }
            Schema schema = source.isWording() ? WORDING : INSTRUMENT;
            List<Error> errors = schema.validate(tree);
            for (Error e : errors) {
                problems.add(source.name() + ": " + path(e) + ": " + message(e));
            }
            if (!errors.isEmpty()) {
                continue;
            }
            if (source.isWording()) {
                String key = tree.get("instrument").asText() + " v"
                        + tree.get("version").asInt();
                if (wordings.put(key, Map.entry(source, tree)) != null) {
                    problems.add(source.name() + ": $: a second wording for " + key);
                }
            } else {
                definitions.add(Map.entry(source, tree));
            }
        }
        List<Instrument> built = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> worded = new HashSet<>();
        for (Map.Entry<Source, JsonNode> d : definitions) {
            JsonNode tree = d.getValue();
            String key = tree.get("id").asText() + " v" + tree.get("version").asInt();
            if (!seen.add(key)) {
                problems.add(d.getKey().name() + ": $.id: " + key + " is defined twice");
                continue;
            }
            Map.Entry<Source, JsonNode> wording = wordings.get(key);
            if (wording != null) {
                worded.add(key);
            }
            Instrument instrument = new Builder(
                            d.getKey().name(),
                            tree,
                            wording == null ? null : wording.getKey().name(),
                            wording == null ? null : wording.getValue(),
                            problems)
                    .build();
            if (instrument != null) {
                built.add(instrument);
            }
        }
        wordings.forEach((key, w) -> {
            if (!worded.contains(key)) {
                problems.add(w.getKey().name() + ": $.instrument: no instrument " + key + " is defined");
            }
        });
        if (!problems.isEmpty()) {
            throw new DefinitionProblem(problems);
        }
        return new Instruments(built);
    }

    private static List<Source> shippedSources() {
        List<Source> out = new ArrayList<>();
        for (String name : resource(SHIPPED + "index.txt").split("\\R")) {
            String n = name.strip();
            if (!n.isEmpty() && !n.startsWith("#")) {
                out.add(new Source(n, resource(SHIPPED + n)));
            }
        }
        return out;
    }

    private static String resource(String path) {
        try (InputStream in = Definitions.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Schema schema(String name) {
        Schema s = SCHEMAS.getSchema(SchemaLocation.of("classpath:measures/" + name));
        s.initializeValidators();
        return s;
    }

    private static JsonNode parse(Source source, List<String> problems) {
        try {
            JsonNode tree = (source.isJson() ? JSON : YAML).readTree(source.text());
            if (tree == null || tree.isMissingNode()) {
                problems.add(source.name() + ": $: empty");
                return null;
            }
            return tree;
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            problems.add(source.name() + ": $: not readable " + (source.isJson() ? "JSON" : "YAML") + where + ": "
                    + e.getOriginalMessage());
            return null;
        }
    }

    /** The validator's message without the location it may repeat at its start. */
    private static String message(Error e) {
        String m = e.getMessage();
        String at = String.valueOf(e.getInstanceLocation());
        return !at.isEmpty() && m.startsWith(at + ": ") ? m.substring(at.length() + 2) : m;
    }

    /** Where the error is, as {@code $.items[2].options} (the validator gives a JSON Pointer). */
    static String path(Error e) {
        String pointer = String.valueOf(e.getInstanceLocation());
        StringBuilder b = new StringBuilder("$");
        if (pointer.isEmpty() || pointer.equals("/")) {
            return b.toString();
        }
        for (String segment : pointer.substring(pointer.startsWith("/") ? 1 : 0).split("/", -1)) {
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (name.matches("\\d+")) {
                b.append('[').append(name).append(']');
            } else {
                b.append('.').append(name);
            }
        }
        return b.toString();
    }

    /** Turns one schema-valid definition (and its wording, if installed) into an instrument, or records why not. */
    private static final class Builder {

        private final String file;
        private final JsonNode tree;
        private final String wordingFile;
        private final JsonNode wording;
        private final List<String> problems;
        private final int before;
        private final List<String> missingWords = new ArrayList<>();

        Builder(String file, JsonNode tree, String wordingFile, JsonNode wording, List<String> problems) {
            this.file = file;
            this.tree = tree;
            this.wordingFile = wordingFile;
            this.wording = wording;
            this.problems = problems;
            this.before = problems.size();
        }

        private void problem(String path, String what) {
            problems.add(file + ": " + path + ": " + what);
        }

        /** A problem in the installed wording file. */
        private void wordingProblem(String path, String what) {
            problems.add(wordingFile + ": " + path + ": " + what);
        }

        Instrument build() {
            String id = tree.get("id").asText();
            int version = tree.get("version").asInt();
            List<String> locales = new ArrayList<>();
            tree.get("locales").forEach(l -> locales.add(l.asText()));
            boolean installed = tree.path("wording").path("installed").asBoolean(false);
            if (wording != null && !installed) {
                problem(
                        "$.wording",
                        "a wording file is installed for it, but the definition does not say its wording is installed");
            }
            Map<String, String> title = text(tree.get("title"));
            if (wording != null && wording.has("title")) {
                title = text(wording.get("title"));
            }
            Map<String, List<Option>> sets = new LinkedHashMap<>();
            JsonNode setsNode = tree.path("optionSets");
            for (Iterator<String> it = setsNode.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                sets.put(
                        name,
                        options(
                                setsNode.get(name),
                                wording == null
                                        ? null
                                        : wording.path("optionSets").get(name),
                                "$.optionSets." + name,
                                "$.optionSets." + name));
            }
            if (wording != null) {
                for (Iterator<String> it = wording.path("optionSets").fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!sets.containsKey(name)) {
                        wordingProblem("$.optionSets." + name, file + " has no option set " + name);
                    }
                }
            }
            List<Item> items = new ArrayList<>();
            Map<String, Integer> position = new LinkedHashMap<>();
            JsonNode itemsNode = tree.get("items");
            for (int i = 0; i < itemsNode.size(); i++) {
                Item item = item(itemsNode.get(i), "$.items[" + i + "]", sets, position, items);
                if (item != null) {
                    if (position.putIfAbsent(item.id(), i) != null) {
                        problem("$.items[" + i + "].id", "item " + item.id() + " appears twice");
                    }
                    items.add(item);
                }
            }
            if (wording != null) {
                for (Iterator<String> it = wording.get("items").fieldNames(); it.hasNext(); ) {
                    String name = it.next();
                    if (!position.containsKey(name)) {
                        wordingProblem("$.items." + name, file + " has no item " + name);
                    }
                }
            }
            String notReady = null;
            for (String locale : locales) {
                if (!title.containsKey(locale)) {
                    missingWords.add("title in " + locale);
                }
            }
            for (Item item : items) {
                for (String locale : locales) {
                    if (!item.text().containsKey(locale)) {
                        missingWords.add("item " + item.id() + " in " + locale);
                    }
                    for (Option o : item.options()) {
                        if (!o.label().containsKey(locale)) {
                            missingWords.add("item " + item.id() + " option " + o.value() + " in " + locale);
                        }
                    }
                }
            }
            if (!missingWords.isEmpty()) {
                String missing = String.join(", ", missingWords.subList(0, Math.min(5, missingWords.size())))
                        + (missingWords.size() > 5 ? " and " + (missingWords.size() - 5) + " more" : "");
                if (installed && wording == null) {
                    notReady = "its wording is not installed: put " + id + ".wording.yaml (from the instrument's own"
                            + " distribution) in the program's questionnaire folder";
                } else if (wording != null) {
                    wordingProblem("$", "wording missing for " + missing);
                } else {
                    problem("$", "wording missing for " + missing);
                }
            }
            Map<String, Item> byId = new LinkedHashMap<>();
            items.forEach(it -> byId.put(it.id(), it));
            List<Score> scores = new ArrayList<>();
            JsonNode scoresNode = tree.get("scores");
            Set<String> scoreIds = new LinkedHashSet<>();
            for (int i = 0; i < scoresNode.size(); i++) {
                Score s = score(scoresNode.get(i), "$.scores[" + i + "]", byId);
                if (s != null) {
                    if (!scoreIds.add(s.id())) {
                        problem("$.scores[" + i + "].id", "score " + s.id() + " appears twice");
                    }
                    scores.add(s);
                }
            }
            // Skip rules that read a score: every item of that score must come before the item asked.
            checkSkipRulesOnScores(itemsNode, scores, position);
            if (problems.size() > before) {
                return null;
            }
            Instrument draft =
                    new Instrument(id, version, title, locales, false, null, items, scores, Map.of(), List.of());
            Map<String, List<Band>> bands = bands(draft, scores);
            List<FlagRule> flags = flags(draft, byId, scores);
            if (problems.size() > before) {
                return null;
            }
            return new Instrument(
                    id,
                    version,
                    title,
                    locales,
                    tree.path("validated").asBoolean(false),
                    notReady,
                    items,
                    scores,
                    bands,
                    flags);
        }

        private List<Option> options(JsonNode node, JsonNode labels, String path, String wordingPath) {
            List<Option> out = new ArrayList<>();
            Set<Integer> values = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode o = node.get(i);
                int value = o.get("value").asInt();
                if (!values.add(value)) {
                    problem(path + "[" + i + "].value", "value " + value + " appears twice");
                }
                Map<String, String> label = text(o.get("label"));
                if (labels != null && labels.has(String.valueOf(value))) {
                    if (!label.isEmpty()) {
                        problem(path + "[" + i + "].label", "labelled both here and in " + wordingFile);
                    }
                    label = text(labels.get(String.valueOf(value)));
                }
                out.add(new Option(value, label));
            }
            if (labels != null) {
                for (Iterator<String> it = labels.fieldNames(); it.hasNext(); ) {
                    String v = it.next();
                    if (!values.contains(Integer.parseInt(v))) {
                        wordingProblem(wordingPath, "labels value " + v + ", which is not an option in " + file);
                    }
                }
            }
            return out;
        }

        private Item item(
                JsonNode node,
                String path,
                Map<String, List<Option>> sets,
                Map<String, Integer> positions,
                List<Item> earlier) {
            String id = node.get("id").asText();
            JsonNode words = wording == null ? null : wording.get("items").get(id);
            JsonNode optionsNode = node.get("options");
            List<Option> options;
            if (optionsNode.isTextual()) {
                options = sets.get(optionsNode.asText());
                if (options == null) {
                    problem(path + ".options", "no option set named " + optionsNode.asText());
                    return null;
                }
                if (words != null && words.has("options")) {
                    wordingProblem(
                            "$.items." + id + ".options",
                            "item " + id + " uses option set " + optionsNode.asText() + ": label it under optionSets");
                }
            } else {
                options = options(
                        optionsNode,
                        words == null ? null : words.get("options"),
                        path + ".options",
                        "$.items." + id + ".options");
            }
            Map<String, String> text = text(node.get("text"));
            if (words != null) {
                if (!text.isEmpty()) {
                    problem(path + ".text", "worded both here and in " + wordingFile);
                }
                text = text(words.get("text"));
            }
            Condition askIf = null;
            if (node.has("askIf")) {
                askIf = condition(node.get("askIf"), path + ".askIf");
                if (askIf != null && askIf.target() == Condition.Target.ITEM) {
                    Integer at = positions.get(askIf.name());
                    if (at == null) {
                        problem(path + ".askIf.item", "reads item " + askIf.name() + ", which is not an earlier item");
                    } else {
                        String read = askIf.name();
                        Item readItem = earlier.stream()
                                .filter(e -> e.id().equals(read))
                                .findFirst()
                                .orElseThrow();
                        reachable(path + ".askIf", askIf, readItem.lowest(), readItem.highest());
                    }
                }
            }
            return new Item(id, text, options, node.path("required").asBoolean(true), askIf);
        }

        private Score score(JsonNode node, String path, Map<String, Item> items) {
            String id = node.get("id").asText();
            List<String> ids = new ArrayList<>();
            node.get("items").forEach(n -> ids.add(n.asText()));
            Set<String> reverse = new LinkedHashSet<>();
            node.path("reverse").forEach(n -> reverse.add(n.asText()));
            boolean ok = true;
            for (String itemId : ids) {
                if (!items.containsKey(itemId)) {
                    problem(path + ".items", "no item named " + itemId);
                    ok = false;
                }
            }
            for (String itemId : reverse) {
                if (!ids.contains(itemId)) {
                    problem(path + ".reverse", "item " + itemId + " is reversed but not one of this score's items");
                    ok = false;
                }
            }
            return ok
                    ? new Score(
                            id,
                            ids,
                            reverse,
                            "zero".equals(node.path("whenMissing").asText("none")))
                    : null;
        }

        private void checkSkipRulesOnScores(JsonNode itemsNode, List<Score> scores, Map<String, Integer> position) {
            Map<String, Score> byId = new LinkedHashMap<>();
            scores.forEach(s -> byId.put(s.id(), s));
            for (int i = 0; i < itemsNode.size(); i++) {
                JsonNode rule = itemsNode.get(i).get("askIf");
                if (rule == null || !rule.has("score")) {
                    continue;
                }
                String name = rule.get("score").asText();
                Score s = byId.get(name);
                if (s == null) {
                    problem("$.items[" + i + "].askIf.score", "no score named " + name);
                    continue;
                }
                for (String itemId : s.items()) {
                    Integer at = position.get(itemId);
                    if (at != null && at >= i) {
                        problem(
                                "$.items[" + i + "].askIf.score",
                                "score " + name + " reads item " + itemId + ", which is not asked before this item");
                    }
                }
            }
        }

        private Map<String, List<Band>> bands(Instrument draft, List<Score> scores) {
            Map<String, List<Band>> out = new LinkedHashMap<>();
            JsonNode node = tree.path("bands");
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String scoreId = it.next();
                String path = "$.bands." + scoreId;
                Score score = scores.stream()
                        .filter(s -> s.id().equals(scoreId))
                        .findFirst()
                        .orElse(null);
                if (score == null) {
                    problem(path, "no score named " + scoreId);
                    continue;
                }
                List<Band> list = new ArrayList<>();
                for (JsonNode b : node.get(scoreId)) {
                    list.add(new Band(
                            b.get("from").asInt(),
                            b.get("to").asInt(),
                            b.get("label").asText()));
                }
                int[] range = draft.range(score);
                int expected = range[0];
                for (int i = 0; i < list.size(); i++) {
                    Band b = list.get(i);
                    if (b.to() < b.from()) {
                        problem(path + "[" + i + "]", "ends (" + b.to() + ") before it starts (" + b.from() + ")");
                    } else if (b.from() != expected) {
                        problem(
                                path + "[" + i + "].from",
                                "is " + b.from() + "; the bands must run on without gap or"
                                        + " overlap, so it should be " + expected);
                    }
                    expected = b.to() + 1;
                }
                if (expected != range[1] + 1) {
                    problem(path, "the bands end at " + (expected - 1) + "; the score reaches " + range[1]);
                }
                out.put(scoreId, list);
            }
            return out;
        }

        private List<FlagRule> flags(Instrument draft, Map<String, Item> items, List<Score> scores) {
            List<FlagRule> out = new ArrayList<>();
            JsonNode node = tree.path("flags");
            Set<String> ids = new HashSet<>();
            for (int i = 0; i < node.size(); i++) {
                JsonNode f = node.get(i);
                String path = "$.flags[" + i + "]";
                String id = f.get("id").asText();
                if (!ids.add(id)) {
                    problem(path + ".id", "flag rule " + id + " appears twice");
                }
                Condition when = condition(f.get("when"), path + ".when");
                if (when == null) {
                    continue;
                }
                if (when.target() == Condition.Target.ITEM) {
                    Item item = items.get(when.name());
                    if (item == null) {
                        problem(path + ".when.item", "no item named " + when.name());
                        continue;
                    }
                    reachable(path + ".when", when, item.lowest(), item.highest());
                } else {
                    Score score = scores.stream()
                            .filter(s -> s.id().equals(when.name()))
                            .findFirst()
                            .orElse(null);
                    if (score == null) {
                        problem(path + ".when.score", "no score named " + when.name());
                        continue;
                    }
                    int[] range = draft.range(score);
                    reachable(path + ".when", when, range[0], range[1]);
                }
                FlagSeverity severity =
                        FlagSeverity.valueOf(f.get("severity").asText().toUpperCase(Locale.ROOT));
                out.add(new FlagRule(id, when, severity));
            }
            return out;
        }

        /** A rule that can never hold (or always holds) over the values it reads is a mistake. */
        private void reachable(String path, Condition c, int low, int high) {
            boolean any = false;
            boolean all = true;
            for (int v = low; v <= high; v++) {
                boolean holds = c.comparison().test(v, c.threshold());
                any |= holds;
                all &= holds;
            }
            if (!any) {
                problem(path, "(" + c + ") can never hold: the values run from " + low + " to " + high);
            } else if (all) {
                problem(path, "(" + c + ") always holds: the values run from " + low + " to " + high);
            }
        }

        private Condition condition(JsonNode node, String path) {
            Condition.Target target = node.has("item") ? Condition.Target.ITEM : Condition.Target.SCORE;
            String name =
                    node.get(target == Condition.Target.ITEM ? "item" : "score").asText();
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String field = it.next();
                if (!field.equals("item") && !field.equals("score")) {
                    return new Condition(
                            target,
                            name,
                            Condition.Comparison.of(field),
                            node.get(field).asInt());
                }
            }
            problem(path, "names no comparison (above, atLeast, equals, atMost or below)");
            return null;
        }

        private static Map<String, String> text(JsonNode node) {
            Map<String, String> out = new LinkedHashMap<>();
            if (node != null && node.isObject()) {
                node.fields()
                        .forEachRemaining(e -> out.put(e.getKey(), e.getValue().asText()));
            }
            return out;
        }
    }
}
