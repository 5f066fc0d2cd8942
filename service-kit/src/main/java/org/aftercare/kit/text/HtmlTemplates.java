package org.aftercare.kit.text;

import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * HTML from the JMustache templates in one classpath folder ({@code <folder><name>.mustache}):
 * escaping on by default, a missing value renders as nothing, partials ({@code {{> name}}}) come
 * from the same folder, and each template is compiled once. The scheduler's pages and the local
 * inbox render through it; the notifier's emails have their own renderer (HTML and text, with the
 * message bundle). Thread-safe.
 */
public final class HtmlTemplates {

    private final String folder;
    private final ClassLoader classLoader;
    private final Mustache.Compiler compiler;
    private final Map<String, Template> compiled = new ConcurrentHashMap<>();

    /** @param folder the classpath folder, ending in {@code /} (e.g. {@code scheduler/pages/}) */
    public HtmlTemplates(String folder, ClassLoader classLoader) {
        if (!folder.endsWith("/")) {
            throw new IllegalArgumentException("a template folder ends in '/'");
        }
        this.folder = folder;
        this.classLoader = classLoader;
        this.compiler = Mustache.compiler()
                .escapeHTML(true)
                .nullValue("")
                .emptyStringIsFalse(true)
                .withLoader(this::reader);
    }

    /** The compiled template {@code name}; fails at once when it is missing. */
    public Template template(String name) {
        return compiled.computeIfAbsent(name, n -> {
            try (Reader reader = reader(n)) {
                return compiler.compile(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** Renders template {@code name} with {@code model}. */
    public String render(String name, Object model) {
        return template(name).execute(model);
    }

    private Reader reader(String name) {
        String path = folder + name + ".mustache";
        InputStream in = classLoader.getResourceAsStream(path);
        if (in == null) {
            throw new IllegalStateException("missing template " + path);
        }
        try (in) {
            return new StringReader(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
