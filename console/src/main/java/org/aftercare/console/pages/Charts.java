package org.aftercare.console.pages;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import org.aftercare.console.readmodel.MemberSeries;

/**
 * The member page's charts drawn on the server as inline SVG: no script (the page's CSP allows
 * none from elsewhere, and a chart must show without one), nothing fetched. Every value drawn is a
 * number or a date the console formats itself, so no text from outside reaches the SVG. Each chart
 * has {@code role="img"} and an {@code aria-label}; the page puts a data table beside it.
 */
final class Charts {

    static final int WIDTH = 640;
    static final int HEIGHT = 200;
    private static final int LEFT = 36;
    private static final int RIGHT = 12;
    private static final int TOP = 12;
    private static final int BOTTOM = 28;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);

    private Charts() {}

    /**
     * Answers' values over the period, one point per answer that has the value, on a fixed scale.
     *
     * @param value the value charted (craving 0-10 or mood 1-5); answers without it are left out
     */
    static String line(
            String id,
            String label,
            List<MemberSeries.Point> points,
            Function<MemberSeries.Point, Integer> value,
            int min,
            int max,
            Instant from,
            Instant to,
            ZoneId zone) {
        StringBuilder svg = open(id, label);
        axes(svg, min, max);
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (MemberSeries.Point p : points) {
            Integer v = value.apply(p);
            if (v == null) {
                continue;
            }
            double x = LEFT + (p.at().toEpochMilli() - from.toEpochMilli()) / span * (WIDTH - LEFT - RIGHT);
            double y = y(v, min, max);
            path.append(path.isEmpty() ? "M" : " L").append(fmt(x)).append(' ').append(fmt(y));
            dots.append("<circle class=\"point\" fill=\"#0b4f9c\" cx=\"")
                    .append(fmt(x))
                    .append("\" cy=\"")
                    .append(fmt(y))
                    .append("\" r=\"3.5\" data-value=\"")
                    .append(v)
                    .append("\"><title>")
                    .append(DAY.format(p.at().atZone(zone)))
                    .append(": ")
                    .append(v)
                    .append("</title></circle>");
        }
        if (!path.isEmpty()) {
            svg.append("<path class=\"line\" fill=\"none\" stroke=\"#0b4f9c\" stroke-width=\"2\" d=\"")
                    .append(path)
                    .append("\"/>");
        }
        svg.append(dots);
        svg.append(text(LEFT, HEIGHT - 8, "start", DAY.format(from.atZone(zone))));
        svg.append(text(WIDTH - RIGHT, HEIGHT - 8, "end", DAY.format(to.atZone(zone))));
        return svg.append("</svg>").toString();
    }

    /** A questionnaire score at one time. */
    record Scored(Instant at, int value) {}

    /** A score's band: {@code from} to {@code to} (both included), with its name. */
    record Band(int from, int to, String label) {}

    private static final String[] BAND_FILLS = {"#e8f0fa", "#f6efe0"};

    /**
     * A questionnaire score over the period on its whole range ({@code min} to {@code max}), each
     * band drawn as a shaded horizontal range named at its left, one point per result. Band labels
     * come from the program's definition files, so they are escaped.
     */
    static String banded(
            String id,
            String label,
            List<Scored> points,
            int min,
            int max,
            List<Band> bands,
            Instant from,
            Instant to,
            ZoneId zone) {
        StringBuilder svg = open(id, escape(label));
        for (int i = 0; i < bands.size(); i++) {
            Band b = bands.get(i);
            // a band covers its values and half a step either side, so touching bands meet
            double top = Math.max(TOP, yExact(b.to() + 0.5, min, max));
            double bottom = Math.min(HEIGHT - BOTTOM, yExact(b.from() - 0.5, min, max));
            svg.append("<g class=\"band\" data-band=\"")
                    .append(escape(b.label()))
                    .append("\" data-from=\"")
                    .append(b.from())
                    .append("\" data-to=\"")
                    .append(b.to())
                    .append("\"><rect class=\"band-range\" x=\"")
                    .append(LEFT)
                    .append("\" y=\"")
                    .append(fmt(top))
                    .append("\" width=\"")
                    .append(WIDTH - LEFT - RIGHT)
                    .append("\" height=\"")
                    .append(fmt(Math.max(0, bottom - top)))
                    .append("\" fill=\"")
                    .append(BAND_FILLS[i % BAND_FILLS.length])
                    .append("\" stroke=\"#c8c8c8\" stroke-width=\"0.5\"><title>")
                    .append(escape(words(b.label())))
                    .append(": ")
                    .append(b.from())
                    .append(" to ")
                    .append(b.to())
                    .append("</title></rect>");
            if (bottom - top >= 15) {
                svg.append("<text class=\"band-label\" x=\"")
                        .append(LEFT + 4)
                        .append("\" y=\"")
                        .append(fmt((top + bottom) / 2 + 4))
                        .append("\" font-size=\"15\" fill=\"#444\">")
                        .append(escape(words(b.label())))
                        .append("</text>");
            }
            svg.append("</g>");
        }
        axes(svg, min, max);
        double span = Math.max(1, to.toEpochMilli() - from.toEpochMilli());
        StringBuilder path = new StringBuilder();
        StringBuilder dots = new StringBuilder();
        for (Scored p : points) {
            double x = LEFT + (p.at().toEpochMilli() - from.toEpochMilli()) / span * (WIDTH - LEFT - RIGHT);
            double y = y(Math.max(min, Math.min(max, p.value())), min, max);
            path.append(path.isEmpty() ? "M" : " L").append(fmt(x)).append(' ').append(fmt(y));
            dots.append("<circle class=\"point\" fill=\"#0b4f9c\" cx=\"")
                    .append(fmt(x))
                    .append("\" cy=\"")
                    .append(fmt(y))
                    .append("\" r=\"4\" data-value=\"")
                    .append(p.value())
                    .append("\"><title>")
                    .append(DAY.format(p.at().atZone(zone)))
                    .append(": ")
                    .append(p.value())
                    .append("</title></circle>");
        }
        if (!path.isEmpty()) {
            svg.append("<path class=\"line\" fill=\"none\" stroke=\"#0b4f9c\" stroke-width=\"2\" d=\"")
                    .append(path)
                    .append("\"/>");
        }
        svg.append(dots);
        svg.append(text(LEFT, HEIGHT - 8, "start", DAY.format(from.atZone(zone))));
        svg.append(text(WIDTH - RIGHT, HEIGHT - 8, "end", DAY.format(to.atZone(zone))));
        return svg.append("</svg>").toString();
    }

    /**
     * A definition's name as words: {@code moderately-severe} as {@code moderately severe}; a hyphen
     * before a digit stays ({@code phq-2}).
     */
    static String words(String name) {
        return name == null ? null : name.replaceAll("-(?=\\p{Alpha})", " ");
    }

    /** Text for an SVG attribute or element: the five XML specials escaped. */
    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** Answered and missed check-ins per week, side by side. */
    static String weeks(String id, String label, List<MemberSeries.Week> weeks) {
        int top = 1;
        for (MemberSeries.Week w : weeks) {
            top = Math.max(top, Math.max(w.answered(), w.missed()));
        }
        StringBuilder svg = open(id, label);
        axes(svg, 0, top);
        int n = Math.max(1, weeks.size());
        double slot = (double) (WIDTH - LEFT - RIGHT) / n;
        double bar = Math.max(2, slot * 0.35);
        for (int i = 0; i < weeks.size(); i++) {
            MemberSeries.Week w = weeks.get(i);
            double x = LEFT + i * slot + slot * 0.1;
            bar(svg, "answered", x, bar, w.answered(), top, "#1a7f37");
            bar(svg, "missed", x + bar, bar, w.missed(), top, "#b35900");
            if (i % Math.max(1, n / 6) == 0) {
                svg.append(text(x, HEIGHT - 8, "start", DAY.format(w.weekStart())));
            }
        }
        return svg.append("</svg>").toString();
    }

    private static void bar(StringBuilder svg, String kind, double x, double width, int value, int top, String colour) {
        double y = y(value, 0, top);
        svg.append("<rect class=\"point ")
                .append(kind)
                .append("\" x=\"")
                .append(fmt(x))
                .append("\" y=\"")
                .append(fmt(y))
                .append("\" width=\"")
                .append(fmt(width))
                .append("\" height=\"")
                .append(fmt(HEIGHT - BOTTOM - y))
                .append("\" fill=\"")
                .append(colour)
                .append("\" data-value=\"")
                .append(value)
                .append("\"><title>")
                .append(kind)
                .append(": ")
                .append(value)
                .append("</title></rect>");
    }

    private static StringBuilder open(String id, String label) {
        return new StringBuilder("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"")
                .append(id)
                .append("\" role=\"img\" aria-label=\"")
                .append(label)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" width=\"100%\" preserveAspectRatio=\"xMinYMin meet\">");
    }

    private static void axes(StringBuilder svg, int min, int max) {
        svg.append("<g class=\"axes\" stroke=\"#888\" stroke-width=\"1\">")
                .append("<line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(TOP)
                .append("\" x2=\"")
                .append(LEFT)
                .append("\" y2=\"")
                .append(HEIGHT - BOTTOM)
                .append("\"/><line x1=\"")
                .append(LEFT)
                .append("\" y1=\"")
                .append(HEIGHT - BOTTOM)
                .append("\" x2=\"")
                .append(WIDTH - RIGHT)
                .append("\" y2=\"")
                .append(HEIGHT - BOTTOM)
                .append("\"/></g>");
        svg.append(text(LEFT - 6, y(max, min, max) + 4, "end", Integer.toString(max)));
        svg.append(text(LEFT - 6, y(min, min, max) + 4, "end", Integer.toString(min)));
    }

    private static double y(int value, int min, int max) {
        double range = Math.max(1, max - min);
        return HEIGHT - BOTTOM - (value - min) / range * (HEIGHT - BOTTOM - TOP);
    }

    private static double yExact(double value, int min, int max) {
        double range = Math.max(1, max - min);
        return HEIGHT - BOTTOM - (value - min) / range * (HEIGHT - BOTTOM - TOP);
    }

    private static String text(double x, double y, String anchor, String text) {
        return "<text x=\"" + fmt(x) + "\" y=\"" + fmt(y) + "\" text-anchor=\"" + anchor
                + "\" font-size=\"16\" fill=\"#444\">" + text + "</text>";
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
