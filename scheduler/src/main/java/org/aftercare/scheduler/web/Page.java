package org.aftercare.scheduler.web;

import org.aftercare.kit.http.Response;

/**
 * The frame of every member and contact page: small, server-rendered, readable on a phone, no
 * external assets, no scripts, and the crisis lines at the foot of each page.
 */
public final class Page {

    private static final String STYLE = """
            *{box-sizing:border-box}
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330;line-height:1.5;font-size:1.0625rem}
            main{max-width:34rem;margin:0 auto;padding:1.25rem}
            h1{font-size:1.4rem;margin:.5rem 0 1rem}
            fieldset{border:1px solid #c9ced8;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem;background:#fff}
            legend{font-weight:600;padding:0 .25rem}
            label{display:block;padding:.35rem 0}
            .option{display:flex;align-items:center;min-height:3rem;padding:.5rem .75rem;margin:.35rem 0;border:1px solid #c9ced8;border-radius:.5rem;background:#fff;cursor:pointer}
            .option input{width:1.4rem;height:1.4rem;margin:0 .75rem 0 0;flex:none}
            .option:has(input:checked){border-color:#1f5fbf;background:#e8f0fc;font-weight:600}
            .scale{display:flex;flex-wrap:wrap;gap:.4rem;margin:.25rem 0}
            .scale label{flex:1 0 2.75rem;min-width:2.75rem;min-height:2.75rem;display:flex;flex-direction:column;align-items:center;justify-content:center;border:1px solid #c9ced8;border-radius:.5rem;background:#fff;padding:.25rem;cursor:pointer;font-weight:600}
            .scale input{width:1.2rem;height:1.2rem;margin:0 0 .15rem}
            .scale label:has(input:checked){border-color:#1f5fbf;background:#e8f0fc}
            .ends{display:flex;justify-content:space-between;font-size:.9rem;color:#4a5263}
            textarea{width:100%;min-height:5rem;font:inherit;padding:.5rem;border:1px solid #c9ced8;border-radius:.4rem}
            button{font:inherit;font-weight:600;background:#1f5fbf;color:#fff;border:0;border-radius:.5rem;padding:.9rem 1.4rem;width:100%;min-height:3rem;cursor:pointer;margin:.35rem 0}
            button.secondary{background:#fff;color:#1d2330;border:1px solid #8a93a6}
            button:focus-visible,input:focus-visible,textarea:focus-visible,a:focus-visible{outline:3px solid #f2b600;outline-offset:2px}
            .note{background:#fff;border-left:4px solid #1f5fbf;padding:.75rem 1rem;border-radius:.25rem}
            .urgent{border-left-color:#b3261e}
            .visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
            a.help{display:block;text-align:center;font-weight:600;color:#fff;background:#b3261e;border-radius:.5rem;padding:.8rem 1rem;text-decoration:none}
            footer{font-size:.9rem;color:#4a5263;border-top:1px solid #d9dde5;margin-top:2rem;padding-top:1rem}
            """;

    public static final String CRISIS_LINES = """
            <p>If you are in crisis or thinking about harming yourself, call or text <strong>988</strong> \
            (Suicide &amp; Crisis Lifeline). For free, confidential help any time: SAMHSA National Helpline \
            <strong>1-800-662-4357</strong>. In an emergency call 911.</p>""";

    private Page() {}

    public static Response render(int status, String title, String body) {
        return renderForMember(status, title, body, null);
    }

    /**
     * A member's page: the crisis lines at the foot and, when {@code helpPath} is given (the page
     * knows whose it is), an "I need help now" link that works at any time.
     */
    public static Response renderForMember(int status, String title, String body, String helpPath) {
        String help = helpPath == null ? ""
                : "<p><a class=\"help\" href=\"" + escape(helpPath) + "\">I need help now</a></p>";
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body><main>"
                + "<h1>" + escape(title) + "</h1>" + body
                + "<footer>" + help + CRISIS_LINES + "</footer></main></body></html>";
        return Response.html(status, html)
                .withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Cache-Control", "no-store");
    }

    /** A page for someone who is not a member (a support contact): no crisis lines aimed at them, a short disclosure note. */
    public static Response renderForContact(int status, String title, String body) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body><main>"
                + "<h1>" + escape(title) + "</h1>" + body
                + "<footer><p>" + DISCLOSURE + "</p>" + CRISIS_LINES + "</footer></main></body></html>";
        return Response.html(status, html)
                .withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .withHeader("X-Frame-Options", "DENY")
                .withHeader("Cache-Control", "no-store");
    }

    /** The notice every contact page carries: what they see was shared with the member's consent, and is not for passing on. */
    public static final String DISCLOSURE = "This information was shared with you because the person you support chose you "
            + "and consented to it. Please keep it private and do not pass it on.";

    /** Kafka or the database did not take the answer: nothing was recorded, the link still works. */
    public static Response tryAgainLater() {
        return render(503, "Please try again in a minute",
                "<p class=\"note\">We could not record this just now. Nothing was lost: the link still works, "
                        + "please open it again in a minute.</p>").withHeader("Retry-After", "60");
    }

    /** The member or contact the link was for is no longer in the program's records. */
    public static Response noLongerActive() {
        return render(410, "This link is no longer active", "<p class=\"note\">There is nothing to do here any more.</p>");
    }

    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
