package org.aftercare.notifier.render;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.samskivert.mustache.Mustache;
import com.samskivert.mustache.Template;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.aftercare.events.outreach.OutreachKind;
import org.aftercare.events.outreach.RecipientRole;

/**
 * Renders one email from classpath JMustache templates and the {@link Messages} bundle.
 *
 * <p>In: a kind, the recipient's role, a locale and the template model (see {@link TemplateModel}).
 * Out: subject, preview, plain text and HTML. The body comes from
 * {@code notifier/templates/<kind>.{html,txt}.mustache}, or {@code generic.*} when a kind has no
 * template of its own; it is then wrapped in {@code layout.*}, which adds the crisis lines and the
 * "I need help now" link to every member email, the crisis lines to every contact email about the
 * member, and the confidentiality notice to every email about a member sent to someone else. The
 * layout does this, not each template, so no template can forget it. The one email to someone
 * else that is not about the member, the invitation, carries neither: it must not hint at why the
 * member is in the program, and the notice itself (42 CFR part 2) would. Staff and the on-call
 * address get the notice on every email. Every member email also carries the "Going away for a
 * while?" link ({@code awayUrl}) in the footer.
 *
 * <p>HTML is rendered with escaping (a first name such as {@code <b>Sam</b>} shows as text), plain
 * text and subjects without. Message values are themselves small templates, rendered with the same
 * escaping as the part they go into.
 */
public final class EmailRenderer {

    static final String TEMPLATES = "notifier/templates/";
    static final String GENERIC = "generic";
    private static final Pattern LINE_BREAKS = Pattern.compile("[\\r\\n\\u0000]+");

    private enum Format {
        HTML("html"),
        TEXT("txt");

        final String suffix;

        Format(String suffix) {
            this.suffix = suffix;
        }
    }

    private final Messages messages = new Messages();
    private final Mustache.Compiler html =
            Mustache.compiler().escapeHTML(true).nullValue("").emptyStringIsFalse(true);
    private final Mustache.Compiler text =
            Mustache.compiler().escapeHTML(false).nullValue("").emptyStringIsFalse(true);
    private final Map<String, Template> templates = new ConcurrentHashMap<>();
    private final Map<String, Template> messageTemplates = new ConcurrentHashMap<>();
    private final Map<WordsKey, Words> words = new ConcurrentHashMap<>();

    private record WordsKey(Locale locale, OutreachKind kind, RecipientRole role) {}

    /**
     * One kind's words for one role and language, compiled once: the subject and preview, and for
     * each format the kind's messages and the common ones, and the body template to use.
     */
    private record Words(
            Template subject,
            Template preview,
            Compiled kindText,
            Compiled kindHtml,
            Compiled commonText,
            Compiled commonHtml,
            String bodyText,
            String bodyHtml) {}

    /**
     * A set of messages for one format: those without a tag are their own text, the same in every
     * email, and are kept as text; only the others are rendered for each email.
     */
    private record Compiled(Map<String, String> constant, Map<String, Template> templated) {

        Map<String, String> render(Map<String, ?> model) {
            Map<String, String> rendered = HashMap.newHashMap(templated.size());
            templated.forEach((key, template) -> rendered.put(key, template.execute(model)));
            return new Layered<>(rendered, constant); // the same in every email: not copied
        }
    }

    public RenderedEmail render(OutreachKind kind, RecipientRole role, Locale locale, Map<String, ?> model) {
        Words w = words.computeIfAbsent(new WordsKey(locale, kind, role), k -> words(kind, role, locale));

        String subject = singleLine(w.subject().execute(model));
        String preview = singleLine(w.preview().execute(model));

        // The email's own names over the model, which is not copied.
        Map<String, Object> own = HashMap.newHashMap(6);
        Map<String, Object> context = new Layered<>(own, model);
        own.put("subject", subject);
        own.put("preview", preview);
        own.put("lang", locale.getLanguage());
        own.put(
                "showCrisisLines",
                role == RecipientRole.MEMBER || (role == RecipientRole.CONTACT && disclosesAboutTheMember(kind)));
        // Staff always learn something about a member (an id at least); a contact, unless invited.
        own.put(
                "showDisclosure",
                role == RecipientRole.ON_CALL
                        || role == RecipientRole.STAFF
                        || (role == RecipientRole.CONTACT && disclosesAboutTheMember(kind)));
        own.put("memberFooter", role == RecipientRole.MEMBER);
        return new RenderedEmail(
                subject,
                preview,
                part(Format.TEXT, w.bodyText(), context, w.kindText(), w.commonText()),
                part(Format.HTML, w.bodyHtml(), context, w.kindHtml(), w.commonHtml()));
    }

    private Words words(OutreachKind kind, RecipientRole role, Locale locale) {
        String kindName = templateName(kind);
        boolean primary = writtenFor(kind, role);
        Map<String, String> kindMessages = messages.forKind(locale, kindName, role, primary);
        Map<String, String> common = messages.common(locale);
        String body = primary ? kindName : GENERIC;
        return new Words(
                compiled(Format.TEXT, required(kindMessages, "subject")),
                compiled(Format.TEXT, required(kindMessages, "preview")),
                compiledAll(Format.TEXT, kindMessages),
                compiledAll(Format.HTML, kindMessages),
                compiledAll(Format.TEXT, common),
                compiledAll(Format.HTML, common),
                exists(body, Format.TEXT) ? body : GENERIC,
                exists(body, Format.HTML) ? body : GENERIC);
    }

    private String part(
            Format format, String bodyTemplate, Map<String, Object> context, Compiled kindMessages, Compiled common) {
        // The part's own names in a small scope over the email's context (no copy of the context).
        Map<String, Object> scope = HashMap.newHashMap(3);
        scope.put("m", kindMessages.render(context));
        scope.put("common", common.render(context));
        scope.put("body", execute(template(format, bodyTemplate), scope, context));
        return execute(template(format, "layout"), scope, context);
    }

    private static String execute(Template template, Map<String, Object> scope, Map<String, Object> context) {
        StringWriter out = new StringWriter(4096);
        template.execute(scope, context, out);
        return out.toString();
    }

    private Compiled compiledAll(Format format, Map<String, String> raw) {
        Map<String, String> constant = new LinkedHashMap<>();
        Map<String, Template> templated = new LinkedHashMap<>();
        raw.forEach((key, value) -> {
            if (isConstant(value)) {
                constant.put(key, value);
            } else {
                templated.put(key, compiled(format, value));
            }
        });
        return new Compiled(Map.copyOf(constant), Map.copyOf(templated));
    }

    /**
     * A message with no tag renders to its own text in either format (escaping applies only to
     * what a tag inserts): every tag, and a change of delimiters, begins with two braces.
     */
    static boolean isConstant(String messageValue) {
        return !messageValue.contains("{{");
    }

    /** One message value rendered on its own, as a part of the given format would (tests). */
    String renderMessage(boolean htmlPart, String messageValue, Map<String, ?> model) {
        return compiled(htmlPart ? Format.HTML : Format.TEXT, messageValue).execute(model);
    }

    private static String required(Map<String, String> kindMessages, String key) {
        String raw = kindMessages.get(key);
        if (raw == null) {
            throw new IllegalStateException("no message '" + key + "' for this kind and role");
        }
        return raw;
    }

    private Template compiled(Format format, String messageValue) {
        return messageTemplates.computeIfAbsent(
                format.suffix + '\u0000' + messageValue, k -> compiler(format).compile(messageValue));
    }

    private Template template(Format format, String name) {
        return templates.computeIfAbsent(name + "." + format.suffix, file -> {
            try (InputStream in = resource(file)) {
                if (in == null) {
                    throw new IllegalStateException("missing template " + TEMPLATES + file);
                }
                try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    return compiler(format).compile(reader);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    private static boolean exists(String name, Format format) {
        try (InputStream in = resource(name + "." + format.suffix)) {
            return in != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static InputStream resource(String file) {
        return EmailRenderer.class.getClassLoader().getResourceAsStream(TEMPLATES + file + ".mustache");
    }

    private Mustache.Compiler compiler(Format format) {
        Mustache.Compiler c = format == Format.HTML ? html : text;
        return c.withLoader(partial -> new StringReader(readPartial(partial, format)));
    }

    private static String readPartial(String name, Format format) {
        try (InputStream in = resource(name + "." + format.suffix)) {
            if (in == null) {
                throw new IllegalStateException("missing partial " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Who a kind's own template and words are written for; sent to anyone else (for example a
     * member kind routed to the on-call address) the email uses the generic template and words.
     */
    public static RecipientRole primaryAudience(OutreachKind kind) {
        return switch (kind) {
            case ESCALATION_ALERT, ALL_CLEAR, CONTACT_INVITATION, CONTACT_FOLLOW_UP -> RecipientRole.CONTACT;
            case CHECK_IN_PROMPT,
                    LATE_REMINDER,
                    MISSED_CHECK_IN,
                    ENCOURAGEMENT,
                    COPING_PLAN,
                    OVERDOSE_SAFETY,
                    CRISIS_SUPPORT,
                    MILESTONE,
                    QUESTIONNAIRE_PROMPT,
                    QUESTIONNAIRE_REMINDER,
                    WEEKLY_SUMMARY -> RecipientRole.MEMBER;
            case PROMPTS_STOPPED -> RecipientRole.ON_CALL;
            case STAFF_FLAG, STAFF_DIGEST -> RecipientRole.STAFF;
        };
    }

    /**
     * Are a kind's own template and words written for this role? Its {@link #primaryAudience}, and
     * the program's side as a whole: what is written for a staff member goes as it is to the
     * on-call address, and the care-team notice (prompts stopped) to a staff member too.
     */
    public static boolean writtenFor(OutreachKind kind, RecipientRole role) {
        RecipientRole primary = primaryAudience(kind);
        return primary == role || (programSide(primary) && programSide(role));
    }

    private static boolean programSide(RecipientRole role) {
        return role == RecipientRole.STAFF || role == RecipientRole.ON_CALL;
    }

    /**
     * Does this kind, sent to a contact, tell them something about the member? Everything but the
     * invitation, which only asks whether the contact agrees to be told anything.
     */
    public static boolean disclosesAboutTheMember(OutreachKind kind) {
        return kind != OutreachKind.CONTACT_INVITATION;
    }

    /** Kinds with a template of their own (the others use the generic one). */
    public static boolean hasOwnTemplate(OutreachKind kind) {
        return exists(templateName(kind), Format.HTML) && exists(templateName(kind), Format.TEXT);
    }

    /** The kind as it is spelled on the wire ({@code checkin-prompt}), which names its templates and messages. */
    public static String templateName(OutreachKind kind) {
        try {
            JsonProperty p = OutreachKind.class.getField(kind.name()).getAnnotation(JsonProperty.class);
            return p == null ? kind.name().toLowerCase(Locale.ROOT).replace('_', '-') : p.value();
        } catch (NoSuchFieldException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Subjects and previews are header-like: a line break in data must not reach them. */
    private static String singleLine(String value) {
        return LINE_BREAKS.matcher(value).replaceAll(" ").strip();
    }
}
