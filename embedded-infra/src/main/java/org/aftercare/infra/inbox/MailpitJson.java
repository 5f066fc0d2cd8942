package org.aftercare.infra.inbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders messages in the JSON shapes of Mailpit's API v1 (field names as Mailpit spells them:
 * {@code MessagesSummary}, {@code MessageSummary}, {@code Message}), so scripts written against a
 * real Mailpit work against the local inbox unchanged.
 */
final class MailpitJson {

    private static final Pattern LINK = Pattern.compile("<([^>]+)>");

    private final ObjectMapper mapper;

    MailpitJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** {@code GET /api/v1/messages}: one page of summaries, newest first. */
    ObjectNode messagesSummary(int total, int start, List<MessageView> page) {
        ObjectNode root = mapper.createObjectNode();
        root.put("total", total);
        root.put("unread", 0);
        root.put("count", page.size());
        root.put("messages_count", total);
        root.put("messages_unread", 0);
        root.put("start", start);
        root.putArray("tags");
        ArrayNode messages = root.putArray("messages");
        for (MessageView view : page) {
            messages.add(messageSummary(view));
        }
        return root;
    }

    private ObjectNode messageSummary(MessageView view) {
        ObjectNode node = mapper.createObjectNode();
        node.put("ID", view.id());
        node.put("MessageID", view.messageId());
        node.put("Read", false);
        node.set("From", address(view.from()));
        node.set("To", addresses(view.to()));
        node.set("Cc", addresses(view.cc()));
        node.set("Bcc", addresses(view.bcc()));
        node.set("ReplyTo", addresses(view.replyTo()));
        node.put("Subject", view.subject());
        node.put("Created", view.received().toString());
        node.put("Username", "");
        node.putArray("Tags");
        node.put("Size", view.size());
        node.put("Attachments", view.attachmentCount());
        node.put("Snippet", view.snippet());
        return node;
    }

    /** {@code GET /api/v1/message/{ID}}: the whole message. */
    ObjectNode message(MessageView view) {
        ObjectNode node = mapper.createObjectNode();
        node.put("ID", view.id());
        node.put("MessageID", view.messageId());
        node.set("From", address(view.from()));
        node.set("To", addresses(view.to()));
        node.set("Cc", addresses(view.cc()));
        node.set("Bcc", addresses(view.bcc()));
        node.set("ReplyTo", addresses(view.replyTo()));
        node.put("ReturnPath", view.returnPath());
        node.put("Subject", view.subject());
        node.set("ListUnsubscribe", listUnsubscribe(view));
        node.put("Date", view.date().toString());
        node.putArray("Tags");
        node.put("Username", "");
        node.put("Text", view.text());
        node.put("HTML", view.html());
        node.put("Size", view.size());
        node.set("Inline", attachments(view.inline()));
        node.set("Attachments", attachments(view.attachments()));
        return node;
    }

    /** {@code GET /api/v1/message/{ID}/headers}: header name to every value, names sorted. */
    ObjectNode headers(MessageView view) {
        ObjectNode node = mapper.createObjectNode();
        for (Map.Entry<String, List<String>> header : view.headers().entrySet()) {
            ArrayNode values = node.putArray(header.getKey());
            header.getValue().forEach(values::add);
        }
        return node;
    }

    ObjectNode error(String message) {
        return mapper.createObjectNode().put("error", message);
    }

    private ObjectNode listUnsubscribe(MessageView view) {
        ObjectNode node = mapper.createObjectNode();
        String header = view.listUnsubscribe().orElse("");
        node.put("Header", header);
        ArrayNode links = node.putArray("Links");
        Matcher matcher = LINK.matcher(header);
        while (matcher.find()) {
            links.add(matcher.group(1).strip());
        }
        node.put("Errors", "");
        node.put("HeaderPost", view.listUnsubscribePost().orElse(""));
        return node;
    }

    private ObjectNode address(MessageView.Address address) {
        if (address == null) {
            return null;
        }
        return mapper.createObjectNode().put("Name", address.name()).put("Address", address.address());
    }

    private ArrayNode addresses(List<MessageView.Address> addresses) {
        ArrayNode array = mapper.createArrayNode();
        addresses.forEach(a -> array.add(address(a)));
        return array;
    }

    private ArrayNode attachments(List<MessageView.Attachment> attachments) {
        ArrayNode array = mapper.createArrayNode();
        for (MessageView.Attachment attachment : attachments) {
            array.addObject()
                    .put("PartID", attachment.partId())
                    .put("FileName", attachment.fileName())
                    .put("ContentType", attachment.contentType())
                    .put("ContentID", attachment.contentId())
                    .put("Size", attachment.size());
        }
        return array;
    }
}
