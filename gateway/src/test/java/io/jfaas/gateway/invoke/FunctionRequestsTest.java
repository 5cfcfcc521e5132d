package io.jfaas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which invocation paths the fast path takes: those the router's route would match, already in normal form. */
class FunctionRequestsTest {

    @Test
    void plain_invocation_paths_take_the_fast_path() {
        assertThat(FunctionRequests.isPlainFunctionPath("/function/echo")).isTrue();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/echo.team-a")).isTrue();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/echo/")).isTrue();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/echo/a/b.txt")).isTrue();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/Bad_Name")).isTrue();
    }

    @Test
    void paths_the_router_would_normalise_or_not_match_go_to_the_router() {
        assertThat(FunctionRequests.isPlainFunctionPath("/function/")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/functions/echo")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/echo/../other")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/echo/./x")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/../system/functions")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/echo//x")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/ec%68o")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/echo/%2e%2e/x")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/ech@o")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath("/function/.echo")).isFalse();
        assertThat(FunctionRequests.isPlainFunctionPath(null)).isFalse();
    }
}
