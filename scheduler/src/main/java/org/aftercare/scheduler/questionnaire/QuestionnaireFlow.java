package org.aftercare.scheduler.questionnaire;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.aftercare.measures.Instrument;
import org.aftercare.measures.Item;

/**
 * The way through a questionnaire, one question per screen: pure rules, no HTTP or database. In:
 * the instrument, the answers so far and the screen the member is on. Out: which screens there are
 * now (skip rules applied as the member goes, {@link Instrument#toAsk}), where "next" and "back"
 * lead, and the answers that still count. After the last question comes a screen of its own,
 * {@link #SEND}, whose button sends the answers; so a screen answer that brings more questions (a
 * positive two-item screen) never sends too early.
 */
public final class QuestionnaireFlow {

    /** The last screen: every question asked, the answers not sent yet. Not an item id (those start with a letter). */
    public static final String SEND = "_send";

    /** Which way the member moves from a screen. */
    public enum Move {
        NEXT,
        BACK
    }

    /** Where the member is: the screen ({@link #SEND} or an item id), its number and how many questions there are now. */
    public record Step(String screen, int number, int total) {

        public boolean isSend() {
            return SEND.equals(screen);
        }
    }

    /** The answers after a move, and the screen it leads to. */
    public record Moved(Map<String, Integer> answers, String screen) {}

    private QuestionnaireFlow() {}

    /**
     * The answers that still count, in the instrument's order: an answer is kept only when its item
     * is asked given the answers kept before it and its value is one of the item's options (a member
     * who goes back and changes a screen answer drops the answers its rule now skips).
     */
    public static Map<String, Integer> pruned(Instrument instrument, Map<String, Integer> answers) {
        Map<String, Integer> kept = new LinkedHashMap<>();
        for (Item item : instrument.items()) {
            Integer value = answers.get(item.id());
            if (value == null || !item.allows(value)) {
                continue;
            }
            if (asks(instrument.toAsk(kept), item.id())) {
                kept.put(item.id(), value);
            }
        }
        return kept;
    }

    /** The questions asked now, in order, given the answers so far. */
    public static List<Item> asked(Instrument instrument, Map<String, Integer> answers) {
        return instrument.toAsk(pruned(instrument, answers));
    }

    /**
     * The screen to show: the one the member is on while it is still asked; else (a first visit) the
     * first question; {@link #SEND} once the member has moved past the last one.
     */
    public static Step step(Instrument instrument, Map<String, Integer> answers, String screen) {
        List<Item> asked = asked(instrument, answers);
        if (SEND.equals(screen)) {
            return new Step(SEND, asked.size(), asked.size());
        }
        int at = indexOf(asked, screen);
        if (at < 0) {
            at = 0;
        }
        return new Step(asked.get(at).id(), at + 1, asked.size());
    }

    /**
     * Moves from {@code item}'s screen with its answer ({@code value}, null: none chosen). The answer
     * is kept either way (null removes one given before); next leads to the question after it as the
     * answers now stand, or to {@link #SEND} after the last; back to the one before it (the first
     * question stays where it is).
     */
    public static Moved move(
            Instrument instrument, Map<String, Integer> answers, String item, Integer value, Move move) {
        Map<String, Integer> given = new LinkedHashMap<>(answers);
        if (SEND.equals(item)) {
            List<Item> asked = asked(instrument, given);
            String back = asked.isEmpty() ? SEND : asked.getLast().id();
            return new Moved(pruned(instrument, given), move == Move.BACK ? back : SEND);
        }
        if (value == null) {
            given.remove(item);
        } else {
            given.put(item, value);
        }
        Map<String, Integer> kept = pruned(instrument, given);
        List<Item> asked = instrument.toAsk(kept);
        int at = indexOf(asked, item);
        String to;
        if (move == Move.NEXT) {
            to = at + 1 < asked.size() ? asked.get(at + 1).id() : SEND;
        } else {
            to = asked.get(Math.max(0, at - 1)).id();
        }
        return new Moved(kept, to);
    }

    /** Is {@code itemId} among the questions asked now? */
    public static boolean isAsked(Instrument instrument, Map<String, Integer> answers, String itemId) {
        return SEND.equals(itemId) || asks(asked(instrument, answers), itemId);
    }

    /** The first question asked and required but not answered, or null when there is none. */
    public static String firstMissing(Instrument instrument, Map<String, Integer> answers) {
        Map<String, Integer> kept = pruned(instrument, answers);
        for (Item item : instrument.toAsk(kept)) {
            if (item.required() && !kept.containsKey(item.id())) {
                return item.id();
            }
        }
        return null;
    }

    private static boolean asks(List<Item> asked, String itemId) {
        return indexOf(asked, itemId) >= 0;
    }

    private static int indexOf(List<Item> asked, String itemId) {
        for (int i = 0; i < asked.size(); i++) {
            if (asked.get(i).id().equals(itemId)) {
                return i;
            }
        }
        return -1;
    }
}
