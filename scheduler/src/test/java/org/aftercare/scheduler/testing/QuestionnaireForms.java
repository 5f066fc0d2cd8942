package org.aftercare.scheduler.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.aftercare.kit.links.LinkKind;
import org.aftercare.kit.links.LinkSigner;

/**
 * A member's way through the questionnaire pages over plain HTTP, as a browser without scripts
 * would: read the screen the link shows (its item and revision), post an answer, follow the 303.
 * Shared by the scheduler's and the local run's tests.
 */
public final class QuestionnaireForms {

    private static final Pattern ITEM = Pattern.compile("name=\"item\" value=\"([^\"]+)\"");
    private static final Pattern REVISION = Pattern.compile("name=\"revision\" value=\"(\\d+)\"");

    private QuestionnaireForms() {}

    /** A questionnaire link as the notifier will seal it: {@code /q/<token>}, valid for the kind's life. */
    public static String link(String keys, String memberId, String questionnaireId) {
        return LinkKind.QUESTIONNAIRE.seal(
                LinkSigner.fromSpec(keys, java.time.Clock.systemUTC()),
                memberId,
                questionnaireId,
                LinkKind.QUESTIONNAIRE.expiresAt(Instant.now()),
                null);
    }

    /** The screen a page shows: the item id it asks ({@code _send} on the last screen) and its revision. */
    public record Screen(String item, int revision) {}

    public static Screen screenOf(String page) {
        Matcher item = ITEM.matcher(page);
        Matcher revision = REVISION.matcher(page);
        assertThat(item.find()).as("a questionnaire screen").isTrue();
        assertThat(revision.find()).isTrue();
        return new Screen(item.group(1), Integer.parseInt(revision.group(1)));
    }

    /** The form body of a screen's POST. */
    public static String form(Screen screen, Integer answer, String move) {
        return "revision=" + screen.revision() + "&item=" + screen.item() + (answer == null ? "" : "&answer=" + answer)
                + "&move=" + move;
    }

    /** Answers the screen the link shows now and moves next; returns the page after the 303. */
    public static Screen answer(Poster poster, String link, String expectedItem, int value) throws Exception {
        Screen screen = screenOf(poster.get(link).body());
        assertThat(screen.item()).isEqualTo(expectedItem);
        HttpResponse<String> saved = poster.post(link, form(screen, value, "next"));
        assertThat(saved.statusCode()).as(saved.body()).isEqualTo(303);
        return screenOf(poster.get(link).body());
    }

    /** GET and form POST on the public listener. */
    public interface Poster {
        HttpResponse<String> get(String path) throws Exception;

        HttpResponse<String> post(String path, String form) throws Exception;
    }
}
