package org.aftercare.scheduler.web;

import org.aftercare.kit.http.Response;

/**
 * The frame of every member and contact page: small, server-rendered, readable on a phone, no
 * external assets, no scripts, and the crisis lines at the foot of each page.
 */
public final class Page {

    private static final String STYLE = """
            body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;background:#f6f7f9;color:#1d2330;line-height:1.5}
            main{max-width:34rem;margin:0 auto;padding:1.25rem}
            h1{font-size:1.4rem;margin:.5rem 0 1rem}
            fieldset{border:1px solid #c9ced8;border-radius:.5rem;margin:0 0 1rem;padding:.75rem 1rem}
            legend{font-weight:600;padding:0 .25rem}
            label{display:block;padding:.35rem 0}
            input[type=radio]{transform:scale(1.3);margin-right:.6rem}
            input[type=range]{width:100%}
            textarea{width:100%;box-sizing:border-box;min-height:5rem;font:inherit;padding:.5rem;border:1px solid #c9ced8;border-radius:.4rem}
            button{font:inherit;font-weight:600;background:#1f5fbf;color:#fff;border:0;border-radius:.5rem;padding:.8rem 1.4rem;width:100%;cursor:pointer}
            button:focus,input:focus,textarea:focus{outline:3px solid #f2b600;outline-offset:2px}
            .note{background:#fff;border-left:4px solid #1f5fbf;padding:.75rem 1rem;border-radius:.25rem}
            .urgent{border-left-color:#b3261e}
            footer{font-size:.9rem;color:#4a5263;border-top:1px solid #d9dde5;margin-top:2rem;padding-top:1rem}
            """;

    public static final String CRISIS_LINES = """
            <p>If you are in crisis or thinking about harming yourself, call or text <strong>988</strong> \
            (Suicide &amp; Crisis Lifeline). For free, confidential help any time: SAMHSA National Helpline \
            <strong>1-800-662-4357</strong>. In an emergency call 911.</p>""";

    private Page() {}

    public static Response render(int status, String title, String body) {
        String html = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                + "<meta name=\"robots\" content=\"noindex, nofollow\">"
                + "<title>" + escape(title) + "</title><style>" + STYLE + "</style></head><body><main>"
                + "<h1>" + escape(title) + "</h1>" + body
                + "<footer>" + CRISIS_LINES + "</footer></main></body></html>";
        return Response.html(status, html)
                .withHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'")
                .withHeader("X-Frame-Options", "DENY");
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
