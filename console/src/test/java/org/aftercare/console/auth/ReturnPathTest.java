package org.aftercare.console.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReturnPathTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/members/m-1", "/members/m-1?tab=timeline", "/flags?severity=critical&page=2"})
    void pathsOnTheConsoleAreKept(String path) {
        assertThat(ReturnPath.safe(path)).isEqualTo(path);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "https://evil.example/",
                "//evil.example/x",
                "/\\evil.example",
                "\\\\evil.example",
                "javascript:alert(1)",
                "members",
                "/members\r\nSet-Cookie: x=y",
                "/members/<script>",
                "/sign-in?return=/",
                "/auth/callback?code=x",
                ""
            })
    void anythingElseBecomesTheHomePage(String path) {
        assertThat(ReturnPath.safe(path)).isEqualTo("/");
    }
}
