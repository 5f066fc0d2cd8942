package org.aftercare.kit.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.content.InputStreamContentSource;

/**
 * A {@code multipart/form-data} body (an HTML form with a file) read from a {@link
 * Routes#streamed} route's stream by Jetty's own parser: a file part larger than {@value
 * #IN_MEMORY_BYTES} bytes is written to a file in a directory of its own, never held in memory;
 * text fields are kept (up to {@value #FIELD_BYTES} bytes each). Closing deletes the files.
 *
 * <pre>
 * try (MultipartForm form = MultipartForm.read(request, Duration.ofMinutes(10))) {
 *     String token = form.field("csrf").orElse(null);
 *     Optional&lt;MultipartForm.FilePart&gt; file = form.file("roster");
 * }
 * </pre>
 */
public final class MultipartForm implements AutoCloseable {

    static final long IN_MEMORY_BYTES = 64 * 1024;
    static final int FIELD_BYTES = 4096;
    private static final int MAX_PARTS = 20;

    /** A file field: the name the browser gave, its size and its content (read as often as needed). */
    public record FilePart(String fileName, long length, MultiPart.Part part) {
        public InputStream open() {
            return Content.Source.asInputStream(part.createContentSource());
        }
    }

    private final MultiPartFormData.Parts parts;
    private final Path directory;

    private MultipartForm(MultiPartFormData.Parts parts, Path directory) {
        this.parts = parts;
        this.directory = directory;
    }

    /**
     * Reads the form from the request's body stream ({@link Request#bodyStream()}), which caps it.
     *
     * @throws HttpProblem 415 when the body is not multipart/form-data, 400 when it is broken
     * @throws IOException when the body does not arrive (or is over the route's limit: {@link
     *     Request.BodyTooLarge})
     */
    public static MultipartForm read(Request request, Duration timeout) throws IOException, InterruptedException {
        String type = request.header("Content-Type").orElse("");
        String boundary = type.toLowerCase(java.util.Locale.ROOT).startsWith("multipart/form-data")
                ? MultiPart.extractBoundary(type)
                : null;
        if (boundary == null || boundary.isEmpty()) {
            throw new HttpProblem(415, "Unsupported media type", "send the form as multipart/form-data");
        }
        Path directory = Files.createTempDirectory("outreach-upload-");
        MultiPartFormData.Parser parser = new MultiPartFormData.Parser(boundary);
        parser.setFilesDirectory(directory);
        parser.setMaxMemoryFileSize(IN_MEMORY_BYTES);
        parser.setMaxParts(MAX_PARTS);
        parser.setPartHeadersMaxLength(FIELD_BYTES);
        try {
            MultiPartFormData.Parts parts = parser.parse(new InputStreamContentSource(request.bodyStream()))
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return new MultipartForm(parts, directory);
        } catch (ExecutionException e) {
            deleteAll(directory);
            for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
                if (t instanceof IOException io) {
                    throw io;
                }
            }
            throw HttpProblem.badRequest("the form is not valid multipart/form-data", Map.of());
        } catch (TimeoutException e) {
            deleteAll(directory);
            throw new Request.BodyNotRead(new IOException("timed out"));
        } catch (InterruptedException | RuntimeException e) {
            deleteAll(directory);
            throw e;
        }
    }

    /** A text field's value (the first of that name), if the form has one of at most {@value #FIELD_BYTES} bytes. */
    public Optional<String> field(String name) {
        MultiPart.Part part = parts.getFirst(name);
        if (part == null || part.getFileName() != null || part.getLength() > FIELD_BYTES) {
            return Optional.empty();
        }
        return Optional.of(part.getContentAsString(StandardCharsets.UTF_8));
    }

    /** A file field (the first of that name), if the form has one. */
    public Optional<FilePart> file(String name) {
        MultiPart.Part part = parts.getFirst(name);
        if (part == null || part.getFileName() == null) {
            return Optional.empty();
        }
        return Optional.of(new FilePart(part.getFileName(), part.getLength(), part));
    }

    @Override
    public void close() {
        parts.close();
        deleteAll(directory);
    }

    private static void deleteAll(Path directory) {
        try (var files = Files.list(directory)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(directory);
        } catch (IOException e) {
            // a leftover temp file is removed with the temp directory; nothing to report here
        }
    }
}
