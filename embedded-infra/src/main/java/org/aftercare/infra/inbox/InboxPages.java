package org.aftercare.infra.inbox;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The inbox's two HTML pages: the list of received messages and one message. Self-contained
 * (inline CSS, no scripts, no external assets), readable on a phone. Everything taken from a
 * message is HTML-escaped; a message's own HTML is shown only inside a sandboxed iframe that
 * runs no script and opens links in a new tab.
 */
final class InboxPages {

    /** The list page reloads itself this often, so new mail shows up without a click. */
    static final int REFRESH_SECONDS = 5;

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final Pattern URL = Pattern.compile("https?://[^\\s<>\"]+");
    private static final Pattern HEAD_OPEN = Pattern.compile("(?i)<head(\\s[^>]*)?>");
    private static final Pattern HTML_OPEN = Pattern.compile("(?i)<html(\\s[^>]*)?>");

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d1d1f;background:#f5f5f7}
            header{background:#24425e;color:#fff;padding:.8rem 1rem}
            header a{color:#fff}
            h1{font-size:1.2rem;margin:0}
            main{max-width:60rem;margin:0 auto;padding:.5rem}
            ul.mails{list-style:none;padding:0;margin:0}
            ul.mails li{background:#fff;border-radius:.5rem;margin:.5rem 0;box-shadow:0 1px 2px rgba(0,0,0,.1)}
            ul.mails a{display:block;padding:.7rem .9rem;color:inherit;text-decoration:none}
            .meta{font-size:.8rem;color:#555;overflow-wrap:anywhere}
            .subject{font-weight:600;margin:.2rem 0;overflow-wrap:anywhere}
            .snippet{font-size:.85rem;color:#444;overflow-wrap:anywhere}
            .empty{padding:2rem;text-align:center;color:#555}
            table.headers{border-collapse:collapse;width:100%;background:#fff;font-size:.9rem}
            table.headers th{text-align:left;vertical-align:top;padding:.3rem .6rem;width:8rem;color:#555}
            table.headers td{padding:.3rem .6rem;overflow-wrap:anywhere}
            h2{font-size:1rem;margin:1rem 0 .4rem}
            iframe{width:100%;height:70vh;border:1px solid #ccc;background:#fff;border-radius:.3rem}
            pre{white-space:pre-wrap;overflow-wrap:anywhere;background:#fff;padding:.8rem;border:1px solid #ccc;border-radius:.3rem}
            """;

    private InboxPages() {
    }

    static String list(List<MessageView> page, int total, ZoneId zone) {
        StringBuilder html = new StringBuilder();
        html.append(head("Local inbox (" + total + ")", true));
        html.append("<header><h1>Local inbox</h1><div class=\"meta\">")
                .append(total == page.size() ? count(total) : "newest " + page.size() + " of " + count(total))
                .append(", refreshes every ").append(REFRESH_SECONDS).append(" s</div></header><main>");
        if (page.isEmpty()) {
            html.append("<p class=\"empty\">No messages yet.</p>");
        } else {
            html.append("<ul class=\"mails\">");
            for (MessageView view : page) {
                html.append("<li><a href=\"/message/").append(escape(view.id())).append("\">")
                        .append("<div class=\"meta\">").append(escape(TIME.format(view.received().atZone(zone))))
                        .append(" &middot; ").append(escape(display(view.from())))
                        .append(" &rarr; ").append(escape(display(view.to()))).append("</div>")
                        .append("<div class=\"subject\">").append(escape(orPlaceholder(view.subject()))).append("</div>")
                        .append("<div class=\"snippet\">").append(escape(view.snippet())).append("</div>")
                        .append("</a></li>");
            }
            html.append("</ul>");
        }
        return html.append("</main></body></html>").toString();
    }

    static String message(MessageView view, ZoneId zone) {
        StringBuilder html = new StringBuilder();
        html.append(head(orPlaceholder(view.subject()), false));
        html.append("<header><a href=\"/\">&larr; Inbox</a><h1>").append(escape(orPlaceholder(view.subject())))
                .append("</h1></header><main><table class=\"headers\">");
        row(html, "From", display(view.from()));
        row(html, "To", display(view.to()));
        if (!view.cc().isEmpty()) {
            row(html, "Cc", display(view.cc()));
        }
        if (!view.bcc().isEmpty()) {
            row(html, "Bcc", display(view.bcc()));
        }
        row(html, "Subject", view.subject());
        row(html, "Date", TIME.format(view.date().atZone(zone)) + " (" + zone.getId() + ")");
        row(html, "Message-ID", view.messageId());
        view.listUnsubscribe().ifPresent(value -> row(html, "List-Unsubscribe", value));
        html.append("</table>");
        html.append("<p class=\"meta\"><a href=\"/api/v1/message/").append(escape(view.id()))
                .append("/raw\">Raw source</a> &middot; <a href=\"/api/v1/message/").append(escape(view.id()))
                .append("/headers\">All headers</a></p>");
        if (!view.html().isBlank()) {
            html.append("<h2>HTML</h2>")
                    .append("<iframe title=\"HTML body\" sandbox=\"allow-popups allow-popups-to-escape-sandbox\" srcdoc=\"")
                    .append(escape(withLinksInNewTab(view.html()))).append("\"></iframe>");
        }
        if (!view.text().isBlank()) {
            html.append("<h2>Plain text</h2><pre>").append(linkify(escape(view.text()))).append("</pre>");
        }
        if (view.attachmentCount() > 0) {
            html.append("<h2>Attachments</h2><ul>");
            for (MessageView.Attachment attachment : view.attachments()) {
                html.append("<li>").append(escape(attachment.fileName())).append(" (")
                        .append(escape(attachment.contentType())).append(", ").append(attachment.size()).append(" bytes)</li>");
            }
            for (MessageView.Attachment attachment : view.inline()) {
                html.append("<li>inline ").append(escape(attachment.contentId())).append(" (")
                        .append(escape(attachment.contentType())).append(", ").append(attachment.size()).append(" bytes)</li>");
            }
            html.append("</ul>");
        }
        return html.append("</main></body></html>").toString();
    }

    /** Minimal HTML-escaping for text and attribute values (both quote kinds). */
    static String escape(String value) {
        if (value == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
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
            return emailHtml.substring(0, htmlTag.end()) + "<head>" + base + "</head>" + emailHtml.substring(htmlTag.end());
        }
        return base + emailHtml;
    }

    private static String head(String title, boolean refresh) {
        return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + (refresh ? "<meta http-equiv=\"refresh\" content=\"" + REFRESH_SECONDS + "\">" : "")
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body>";
    }

    private static void row(StringBuilder html, String name, String value) {
        html.append("<tr><th>").append(escape(name)).append("</th><td>").append(escape(value)).append("</td></tr>");
    }

    /** Makes URLs in already-escaped plain text clickable, opening in a new tab. */
    private static String linkify(String escapedText) {
        return URL.matcher(escapedText).replaceAll(match ->
                Matcher.quoteReplacement("<a href=\"" + match.group() + "\" target=\"_blank\" rel=\"noopener noreferrer\">"
                        + match.group() + "</a>"));
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
