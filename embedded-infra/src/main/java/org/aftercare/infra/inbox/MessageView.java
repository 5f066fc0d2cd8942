package org.aftercare.infra.inbox;

import jakarta.mail.Header;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Date;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.aftercare.infra.smtp.ReceivedMessage;

/**
 * What the inbox shows of one received message: addresses, subject, date, the plain-text and
 * HTML bodies, attachments and headers, read leniently so a malformed message still shows.
 */
record MessageView(
        String id,
        String messageId,
        Address from,
        List<Address> to,
        List<Address> cc,
        List<Address> bcc,
        List<Address> replyTo,
        String returnPath,
        String subject,
        Instant date,
        Instant received,
        Optional<String> listUnsubscribe,
        Optional<String> listUnsubscribePost,
        String text,
        String html,
        List<Attachment> inline,
        List<Attachment> attachments,
        Map<String, List<String>> headers,
        int size) {

    /** Mailpit's snippets are at most 250 characters. */
    private static final int SNIPPET_LENGTH = 250;

    private static final Pattern BLOCKS = Pattern.compile("(?is)<(head|style|script)\\b.*?</\\1\\s*>");
    private static final Pattern TAGS = Pattern.compile("(?s)<[^>]*>");
    private static final Pattern SPACE = Pattern.compile("\\s+");
    private static final Pattern FOLD = Pattern.compile("\r?\n[ \t]+");

    /** A display name and an address; the name is empty when the header has none. */
    record Address(String name, String address) {}

    /** A non-body part: its position in the MIME tree, name, type, Content-ID and size. */
    record Attachment(String partId, String fileName, String contentType, String contentId, long size) {}

    static MessageView of(ReceivedMessage received) {
        MimeMessage mime = received.mime();
        // A MimeMessage is not safe for concurrent reads of its content; page requests may overlap.
        synchronized (mime) {
            return read(received, mime);
        }
    }

    private static MessageView read(ReceivedMessage received, MimeMessage mime) {
        Map<String, List<String>> headers = headers(mime);
        List<Address> to = addresses(mime, "To");
        List<Address> cc = addresses(mime, "Cc");
        Bodies bodies = new Bodies();
        try {
            bodies.walk(mime, "");
        } catch (MessagingException | IOException e) {
            bodies.text = bodies.text.isEmpty()
                    ? "(the message body could not be read: " + e.getMessage() + ")"
                    : bodies.text;
        }
        return new MessageView(
                received.id(),
                stripAngles(first(headers, "Message-Id").orElse("")),
                addresses(mime, "From").stream().findFirst().orElse(null),
                to,
                cc,
                bcc(received.envelopeRecipients(), to, cc),
                addresses(mime, "Reply-To"),
                received.envelopeFrom(),
                subject(mime),
                sentDate(mime).orElse(received.receivedAt()),
                received.receivedAt(),
                first(headers, "List-Unsubscribe"),
                first(headers, "List-Unsubscribe-Post"),
                bodies.text,
                bodies.html,
                List.copyOf(bodies.inline),
                List.copyOf(bodies.attachments),
                headers,
                received.size());
    }

    /** Up to 250 characters of the text body (or of the HTML body without tags), whitespace collapsed. */
    String snippet() {
        String source = text.isBlank() ? htmlToText(html) : text;
        String collapsed = SPACE.matcher(source).replaceAll(" ").strip();
        return collapsed.length() <= SNIPPET_LENGTH ? collapsed : collapsed.substring(0, SNIPPET_LENGTH - 3) + "...";
    }

    /** All attachments and inline parts, the count Mailpit's summary reports. */
    int attachmentCount() {
        return attachments.size() + inline.size();
    }

    private static String htmlToText(String html) {
        String withoutBlocks = BLOCKS.matcher(html).replaceAll(" ");
        String withoutTags = TAGS.matcher(withoutBlocks).replaceAll(" ");
        return withoutTags
                .replace("&nbsp;", " ")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }

    private static Map<String, List<String>> headers(MimeMessage mime) {
        Map<String, List<String>> headers = new TreeMap<>();
        try {
            Enumeration<Header> all = mime.getAllHeaders();
            while (all.hasMoreElements()) {
                Header header = all.nextElement();
                headers.computeIfAbsent(canonical(header.getName()), k -> new ArrayList<>())
                        .add(decode(header.getValue()));
            }
        } catch (MessagingException e) {
            // Headers that cannot be read are left out; the raw source still shows them.
        }
        headers.replaceAll((name, values) -> List.copyOf(values));
        return Collections.unmodifiableMap(headers);
    }

    /** The header name as Mailpit (Go's textproto) spells it: "message-id" becomes "Message-Id". */
    static String canonical(String name) {
        StringBuilder out = new StringBuilder(name.length());
        boolean upper = true;
        for (char c : name.toCharArray()) {
            out.append(upper ? Character.toUpperCase(c) : Character.toLowerCase(c));
            upper = c == '-';
        }
        return out.toString();
    }

    private static Optional<String> first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(canonical(name));
        return values == null || values.isEmpty()
                ? Optional.empty()
                : Optional.of(values.getFirst().strip());
    }

    private static String decode(String value) {
        String unfolded = FOLD.matcher(value == null ? "" : value).replaceAll(" ");
        try {
            return MimeUtility.decodeText(unfolded);
        } catch (IOException e) {
            return unfolded;
        }
    }

    private static List<Address> addresses(MimeMessage mime, String header) {
        try {
            String value = mime.getHeader(header, ",");
            if (value == null || value.isBlank()) {
                return List.of();
            }
            List<Address> result = new ArrayList<>();
            for (InternetAddress address : InternetAddress.parseHeader(value, false)) {
                String personal = address.getPersonal();
                result.add(new Address(
                        personal == null ? "" : personal, address.getAddress() == null ? "" : address.getAddress()));
            }
            return List.copyOf(result);
        } catch (AddressException e) {
            return List.of(new Address("", "(unreadable " + header + " header)"));
        } catch (MessagingException e) {
            return List.of();
        }
    }

    /** Envelope recipients that no To or Cc header names: the Bcc recipients. */
    private static List<Address> bcc(List<String> envelope, List<Address> to, List<Address> cc) {
        Set<String> visible = new HashSet<>();
        to.forEach(a -> visible.add(a.address().toLowerCase(Locale.ROOT)));
        cc.forEach(a -> visible.add(a.address().toLowerCase(Locale.ROOT)));
        return envelope.stream()
                .filter(address -> !visible.contains(address.toLowerCase(Locale.ROOT)))
                .map(address -> new Address("", address))
                .toList();
    }

    private static String subject(MimeMessage mime) {
        try {
            String subject = mime.getSubject();
            return subject == null ? "" : subject;
        } catch (MessagingException e) {
            return "";
        }
    }

    private static Optional<Instant> sentDate(MimeMessage mime) {
        try {
            return Optional.ofNullable(mime.getSentDate()).map(Date::toInstant);
        } catch (MessagingException e) {
            return Optional.empty();
        }
    }

    private static String stripAngles(String messageId) {
        String trimmed = messageId.strip();
        if (trimmed.startsWith("<") && trimmed.endsWith(">")) {
            return trimmed.substring(1, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** Walks the MIME tree once: the first text/plain and text/html bodies, everything else is an attachment. */
    private static final class Bodies {
        private String text = "";
        private String html = "";
        private final List<Attachment> inline = new ArrayList<>();
        private final List<Attachment> attachments = new ArrayList<>();

        void walk(Part part, String partId) throws MessagingException, IOException {
            if (part.isMimeType("multipart/*")) {
                Multipart multipart = (Multipart) part.getContent();
                for (int i = 0; i < multipart.getCount(); i++) {
                    String childId = partId.isEmpty() ? Integer.toString(i + 1) : partId + "." + (i + 1);
                    walk(multipart.getBodyPart(i), childId);
                }
                return;
            }
            String disposition = part.getDisposition();
            boolean attached = Part.ATTACHMENT.equalsIgnoreCase(disposition) || part.getFileName() != null;
            if (!attached && part.isMimeType("text/plain") && text.isEmpty()) {
                text = content(part);
            } else if (!attached && part.isMimeType("text/html") && html.isEmpty()) {
                html = content(part);
            } else {
                String contentId = part instanceof MimePart mimePart && mimePart.getContentID() != null
                        ? stripAngles(mimePart.getContentID())
                        : "";
                Attachment attachment = new Attachment(
                        partId.isEmpty() ? "1" : partId,
                        part.getFileName() == null ? "" : decode(part.getFileName()),
                        baseType(part.getContentType()),
                        contentId,
                        size(part));
                if (Part.INLINE.equalsIgnoreCase(disposition) || !contentId.isEmpty()) {
                    inline.add(attachment);
                } else {
                    attachments.add(attachment);
                }
            }
        }

        private static String content(Part part) throws MessagingException, IOException {
            Object content = part.getContent();
            if (content instanceof String string) {
                return string;
            }
            try (InputStream in = part.getInputStream()) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }

        private static long size(Part part) throws MessagingException, IOException {
            try (InputStream in = part.getInputStream()) {
                return in.transferTo(OutputStream.nullOutputStream());
            }
        }

        private static String baseType(String contentType) {
            if (contentType == null) {
                return "application/octet-stream";
            }
            int semicolon = contentType.indexOf(';');
            return (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                    .strip()
                    .toLowerCase(Locale.ROOT);
        }
    }
}
