package org.aftercare.infra.inbox;

import com.samskivert.mustache.Template;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.aftercare.kit.text.HtmlTemplates;

/**
 * The inbox's HTML pages (the list of received messages, one message, "no such message"),
 * rendered from the JMustache templates in {@code inbox/pages/}: a body template inside
 * {@code layout.mustache}. Self-contained (inline CSS, no scripts, no external assets), readable
 * on a phone.
 *
 * <p>In: {@link MessageView}s. Out: HTML strings. Every value is HTML-escaped by the template
 * engine (escaping is on for every {@code {{value}}}; the only unescaped insertion is the
 * rendered body in the layout); a message's own HTML is shown only as the escaped {@code srcdoc} of
 * a sandboxed iframe that runs no script and opens links in a new tab; URLs in the plain-text body
 * become links, and only {@code http(s)} ones.
 */
final class InboxPages {

    /** The list page reloads itself this often, so new mail shows up without a click. */
    static final int REFRESH_SECONDS = 5;

    static final String TEMPLATES = "inbox/pages/";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
    private static final Pattern HEAD_OPEN = Pattern.compile("(?i)<head(\\s[^>]*)?>");
    private static final Pattern HTML_OPEN = Pattern.compile("(?i)<html(\\s[^>]*)?>");
    private static final HtmlTemplates PAGES = new HtmlTemplates(TEMPLATES, InboxPages.class.getClassLoader());

    /** One message in the list. */
    record Summary(String id, String received, String from, String to, String subject, String snippet) {}

    /** One row of the message's header table. */
    record Row(String name, String value) {}

    /** A run of the plain-text body: text as it is, or a URL shown as a link. */
    record Run(String value, boolean link) {}

    /** One attachment or inline part. */
    record AttachmentLine(String label, String contentType, long size) {}

    private InboxPages() {}

    static String list(List<MessageView> page, int total, ZoneId zone) {
        List<Summary> messages = page.stream()
                .map(view -> new Summary(
                        view.id(),
                        TIME.format(view.received().atZone(zone)),
                        display(view.from()),
                        display(view.to()),
                        orPlaceholder(view.subject()),
                        view.snippet()))
                .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("shown", total == page.size() ? count(total) : "newest " + page.size() + " of " + count(total));
        model.put("refreshSeconds", REFRESH_SECONDS);
        model.put("hasMessages", !messages.isEmpty());
        model.put("messages", messages);
        return page("Local inbox (" + total + ")", true, "list", model);
    }

    static String message(MessageView view, ZoneId zone) {
        List<Row> headers = new ArrayList<>();
        headers.add(new Row("From", display(view.from())));
        headers.add(new Row("To", display(view.to())));
        if (!view.cc().isEmpty()) {
            headers.add(new Row("Cc", display(view.cc())));
        }
        if (!view.bcc().isEmpty()) {
            headers.add(new Row("Bcc", display(view.bcc())));
        }
        headers.add(new Row("Subject", view.subject()));
        headers.add(new Row("Date", TIME.format(view.date().atZone(zone)) + " (" + zone.getId() + ")"));
        headers.add(new Row("Message-ID", view.messageId()));
        view.listUnsubscribe().ifPresent(value -> headers.add(new Row("List-Unsubscribe", value)));
        List<AttachmentLine> attachments = Stream.concat(
                        view.attachments().stream()
                                .map(a -> new AttachmentLine(a.fileName(), a.contentType(), a.size())),
                        view.inline().stream()
                                .map(a -> new AttachmentLine("inline " + a.contentId(), a.contentType(), a.size())))
                .toList();
        Map<String, Object> model = new HashMap<>();
        model.put("title", orPlaceholder(view.subject()));
        model.put("id", view.id());
        model.put("headers", headers);
        model.put("hasHtml", !view.html().isBlank());
        model.put("html", withLinksInNewTab(view.html()));
        model.put("hasText", !view.text().isBlank());
        model.put("text", runs(view.text()));
        model.put("hasAttachments", !attachments.isEmpty());
        model.put("attachments", attachments);
        return page(orPlaceholder(view.subject()), false, "message", model);
    }

    static String notFound() {
        return page("Not found", false, "not-found", Map.of());
    }

    /** Adds {@code <base target="_blank">} so every link in the email opens in a new tab. */
    static String withLinksInNewTab(String emailHtml) {
        String base = "<base target=\"_blank\">";
        Matcher head = HEAD_OPEN.matcher(emailHtml);
        if (head.find()) {
            return emailHtml.substring(0, head.end()) + base + emailHtml.substring(head.end());
        }
        Matcher htmlTag = HTML_OPEN.matcher(emailHtml);
        if (htmlTag.find()) {
            return emailHtml.substring(0, htmlTag.end()) + "<head>" + base + "</head>"
                    + emailHtml.substring(htmlTag.end());
        }
        return base + emailHtml;
    }

    /** Splits plain text into text runs and the http(s) URLs in it, which the template shows as links. */
    static List<Run> runs(String text) {
        List<Run> runs = new ArrayList<>();
        Matcher url = URL.matcher(text);
        int at = 0;
        while (url.find()) {
            if (url.start() > at) {
                runs.add(new Run(text.substring(at, url.start()), false));
            }
            runs.add(new Run(url.group(), true));
            at = url.end();
        }
        if (at < text.length()) {
            runs.add(new Run(text.substring(at), false));
        }
        return runs;
    }

    private static String page(String title, boolean refresh, String bodyTemplate, Map<String, ?> model) {
        Map<String, Object> frame = new HashMap<>();
        frame.put("title", title);
        frame.put("refresh", refresh);
        frame.put("refreshSeconds", REFRESH_SECONDS);
        frame.put("body", template(bodyTemplate).execute(model));
        return template("layout").execute(frame);
    }

    private static Template template(String name) {
        return PAGES.template(name);
    }

    private static String display(MessageView.Address address) {
        if (address == null) {
            return "";
        }
        return address.name().isEmpty() ? address.address() : address.name() + " <" + address.address() + ">";
    }

    private static String display(List<MessageView.Address> addresses) {
        return addresses.stream().map(InboxPages::display).collect(Collectors.joining(", "));
    }

    private static String count(int messages) {
        return messages == 1 ? "1 message" : messages + " messages";
    }

    private static String orPlaceholder(String subject) {
        return subject.isBlank() ? "(no subject)" : subject;
    }
}
