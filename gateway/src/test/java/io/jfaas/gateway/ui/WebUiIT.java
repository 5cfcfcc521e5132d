package io.jfaas.gateway.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.jfaas.gateway.Gateway;
import io.jfaas.gateway.GatewayConfig;
import io.jfaas.gateway.testing.HeadlessChromium;
import io.jfaas.gateway.testing.TestImages;
import io.jfaas.gateway.testing.WhoAmIHandler;
import io.jfaas.imagestore.LocalImageStore;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web UI in a real headless Chromium against a real gateway in local mode (replicas are child JVMs running the
 * watchdog and {@link WhoAmIHandler}): log in, see a deployed function, deploy a second, invoke it, follow its log,
 * scale it, remove it, manage a secret, log out; a wrong password is refused. Screenshots go to
 * {@code target/ui-screenshots/} (docs/web-ui.md's come from there).
 */
class WebUiIT {

    private static final String IMAGE = "whoami:latest";
    /** The test image's handler is not {@code function.Handler}, so every deployment names it. */
    private static final String HANDLER = "JFAAS_HANDLER_CLASS=" + WhoAmIHandler.class.getName();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final Path SCREENSHOTS = Path.of("target", "ui-screenshots");

    @TempDir
    static Path dir;

    private static Gateway gateway;
    private static String base;
    private static String password;
    private ChromeDriver browser;

    @BeforeAll
    static void startGateway() throws Exception {
        HeadlessChromium.assumeInstalled();
        Path state = dir.resolve("state");
        TestImages.store(new LocalImageStore(dir.resolve("images")), IMAGE,
                Files.createDirectories(dir.resolve("work")), WhoAmIHandler.class);
        Map<String, String> env = gatewayEnv(state);
        gateway = Gateway.start(GatewayConfig.fromEnv(env), env);
        base = "http://127.0.0.1:" + gateway.port();
        password = Files.readString(state.resolve("basic-auth-password")).strip();

        // a function that is there before anyone opens the UI, called a few times
        assertThat(system("POST", "/system/functions",
                "{\"service\":\"hello\",\"image\":\"" + IMAGE
                + "\",\"envVars\":{\"GREETING\":\"Hi\",\"JFAAS_HANDLER_CLASS\":\""
                + WhoAmIHandler.class.getName() + "\"}}").statusCode())
                .isEqualTo(202);
        for (int i = 0; i < 3; i++) {
            assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(base + "/function/hello"))
                    .POST(HttpRequest.BodyPublishers.ofString("x")).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        }
    }

    /** A gateway in local mode keeping its state here, with the test image, on any free port. */
    private static Map<String, String> gatewayEnv(Path state) {
        Map<String, String> env = new HashMap<>();
        env.put("port", "0");
        env.put("JFAAS_METRICS_PORT", "0");
        env.put("JFAAS_STATE_DIR", state.toString());
        env.put("JFAAS_IMAGE_STORE", dir.resolve("images").toString());
        env.put("JFAAS_WATCHDOG_CLASSPATH", Path.of("target", "watchdog").toAbsolutePath() + "/*");
        env.put("JFAAS_STARTUP_CACHE", "false");
        // the gateway's defaults otherwise: the autoscaler is on, as a user finds it
        env.put("HOME", dir.toString());
        env.put("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
        return env;
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.stop();
        }
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void a_user_sees_deploys_invokes_follows_scales_and_removes_a_function() throws Exception {
        browser = HeadlessChromium.start(dir.resolve("profile-user"));

        // log in: / redirects to /ui/, then to the login page; after it, the list shows hello
        logIn("/", password);
        WebElement hello = waitFor(By.cssSelector("tr[data-function='hello']"));
        assertThat(browser.getCurrentUrl()).contains("127.0.0.1:" + gateway.port() + "/ui/");
        waitForText(By.cssSelector("tr[data-function='hello'] .replicas"), "1 / 1");
        assertThat(hello.findElement(By.cssSelector(".invocations")).getText()).isEqualTo("3");
        assertThat(hello.getText()).contains(IMAGE).contains(base + "/function/hello");
        assertThat(browser.getTitle()).isEqualTo("Functions · jfaas");
        assertThat(browser.findElement(By.linkText("Functions")).getAttribute("aria-current")).isEqualTo("page");

        // the list refreshes in place: a focused link keeps the focus across refreshes
        WebElement helloLink = hello.findElement(By.cssSelector("a.fn-link"));
        browser.executeScript("arguments[0].focus()", helloLink);
        String updated = browser.findElement(By.id("list-updated")).getText();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                !driver.findElement(By.id("list-updated")).getText().equals(updated));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                !driver.findElement(By.id("list-updated")).getText().equals(updated));
        assertThat(browser.executeScript("return document.activeElement === arguments[0]", helloLink))
                .as("the same link, still focused, after two refreshes").isEqualTo(true);

        // deploy a second function from the same image with the stack file's fields
        browser.findElement(By.linkText("Deploy")).click();
        WebElement nameField = waitFor(By.id("deploy-name"));
        type(nameField, "Not_A_Name");
        assertThat(browser.executeScript("return document.getElementById('deploy-name').checkValidity()"))
                .as("the name's pattern is one the browser can use").isEqualTo(false);
        nameField.clear();
        type(nameField, "greeter");
        // the secrets offered are those of the namespace the form deploys to
        assertThat(system("POST", "/system/secrets", "{\"name\":\"team-key\",\"namespace\":\"team-b\","
                + "\"value\":\"v\"}").statusCode()).isEqualTo(202);
        WebElement namespaceField = browser.findElement(By.id("deploy-namespace"));
        namespaceField.clear();
        type(namespaceField, "team-b" + org.openqa.selenium.Keys.TAB);
        waitForText(By.id("deploy-secrets"), "team-key");
        namespaceField.clear();
        type(namespaceField, "openfaas-fn" + org.openqa.selenium.Keys.TAB);
        waitForText(By.id("deploy-secrets"), "no secrets in openfaas-fn");
        assertThat(system("DELETE", "/system/secrets", "{\"name\":\"team-key\",\"namespace\":\"team-b\"}")
                .statusCode()).isEqualTo(202);
        new WebDriverWait(browser, Duration.ofSeconds(30)).withMessage("the store's image offered")
                .until(driver -> !driver.findElements(By.cssSelector("#deploy-images option[value='" + IMAGE + "']"))
                        .isEmpty());
        assertThat(browser.findElement(By.id("deploy-image")).getAttribute("list")).isEqualTo("deploy-images");
        type(By.id("deploy-image"), IMAGE);
        type(By.id("deploy-env"), "GREETING=Howdy\nMODE=ui\n" + HANDLER);
        type(By.id("deploy-labels"), "team=web\ncom.openfaas.scale.min=1");
        type(By.id("deploy-limit-memory"), "256Mi");
        type(By.id("deploy-limit-cpu"), "250m");
        browser.findElement(By.id("deploy-submit")).click();
        waitForText(By.id("function-name"), "greeter");
        waitForText(By.cssSelector("#card-replicas .value"), "1 / 1");
        assertThat(waitFor(By.id("env-names")).getText()).contains("GREETING").contains("MODE")
                .doesNotContain("Howdy");
        assertThat(browser.findElement(By.id("details")).getText()).contains("team").contains("web")
                .contains(base + "/function/greeter").contains(base + "/async-function/greeter");
        assertThat(browser.findElement(By.id("limits")).getText()).isEqualTo("memory 256Mi, cpu 250m");
        assertThat(browser.findElement(By.id("resource-warning")).getText())
                .as("local mode says plainly that it does not cap CPU").contains("cpu limits are not enforced");

        // follow its log, then invoke it: the answer is shown, and the line it prints appears in the log
        browser.findElement(By.id("follow-logs")).click();
        waitForText(By.id("logs-state"), "following…");
        new Select(browser.findElement(By.id("invoke-method"))).selectByVisibleText("POST");
        type(By.id("invoke-path"), "/print");
        type(By.id("invoke-headers"), "Content-Type: text/plain\nX-From: browser");
        type(By.id("invoke-body"), "a line from the browser");
        browser.findElement(By.id("invoke-send")).click();
        waitForText(By.id("invoke-status"), "200");
        assertThat(browser.findElement(By.id("invoke-body-view")).getText()).isEqualTo("printed");
        waitForText(By.id("logs"), "a line from the browser");
        assertThat(browser.findElement(By.id("logs")).getAttribute("textContent")).as("one line per log line")
                .doesNotContain("\n\n");

        browser.findElement(By.id("invoke-path")).clear();
        browser.findElement(By.id("invoke-body")).clear();
        type(By.id("invoke-body"), "world");
        browser.findElement(By.id("invoke-send")).click();
        waitForText(By.id("invoke-body-view"), "Howdy world");
        assertThat(browser.findElement(By.id("invoke-status")).getText()).isEqualTo("200 OK");
        assertThat(browser.findElement(By.id("invoke-duration")).getText()).matches("\\d+\\.\\d ms");
        assertThat(browser.findElement(By.id("invoke-body-view")).getText()).startsWith("greeter-");
        assertThat(browser.findElement(By.id("invoke-result")).getAttribute("textContent"))
                .contains("content-type").contains("x-call-id");

        // text sent as application/octet-stream is a download, and can be shown as text
        type(By.id("invoke-path"), "/octets");
        browser.findElement(By.id("invoke-send")).click();
        waitForText(By.id("invoke-body-view"), "download 5 bytes");
        assertThat(browser.findElement(By.id("invoke-text-view")).isDisplayed()).isFalse();
        browser.findElement(By.id("invoke-show-text")).click();
        waitForText(By.id("invoke-text-view"), "world");
        assertThat(browser.findElement(By.id("invoke-show-text")).getText()).isEqualTo("Hide text");
        browser.findElement(By.id("invoke-path")).clear();

        // a call that fails is counted as an error
        type(By.id("invoke-path"), "/secret/none");
        browser.findElement(By.id("invoke-send")).click();
        waitForText(By.id("invoke-status"), "404");
        waitForText(By.cssSelector("#card-errors .value"), "1");
        waitForText(By.cssSelector("#card-invocations .value"), "4");
        browser.findElement(By.id("invoke-path")).clear();
        browser.findElement(By.id("invoke-send")).click();
        waitForText(By.id("invoke-status"), "200");
        // the recent calls list it with its call id, the status codes and the latency chart count it
        String callId = (String) browser.executeScript("return [...document.querySelectorAll('#invoke-result tr')]"
                + ".find(r => r.querySelector('th').textContent === 'x-call-id').querySelector('td').textContent");
        waitForText(By.id("recent-calls"), callId);
        assertThat(browser.findElement(By.cssSelector("#recent-calls tbody tr")).getText())
                .as("newest first: time, status, duration, call id").matches("\\d\\d:\\d\\d:\\d\\d 200 \\d+\\.\\d ms "
                        + callId);
        assertThat(browser.findElement(By.id("recent-calls")).getText()).contains(" 404 ");
        assertThat(browser.findElement(By.id("status-codes")).getText()).contains("200 4").contains("404 1");
        assertThat(browser.executeScript("return [...document.querySelectorAll('#status-codes i')]"
                + ".map(bar => bar.offsetWidth)")).as("bars of 4 and 1 of 5 calls: 48 and 12 px")
                .isEqualTo(List.of(48L, 12L));
        assertThat(browser.findElements(By.cssSelector("#charts circle.dot"))).hasSize(5);
        assertThat(browser.findElement(By.id("charts")).getText()).contains("Latency, ms").contains("median: ");
        browser.findElement(By.cssSelector("#invoke-result summary")).click();
        browser.executeScript("document.getElementById('invoke-result').scrollIntoView({block: 'end'})");
        screenshot("ui-invoke.png");

        // the autoscaler is on (the default): the page says so, with its range and its reason
        browser.executeScript("window.scrollTo(0, 0)");
        waitForText(By.id("autoscaler-mode"), "autoscaled 1–20");
        waitForText(By.id("autoscaler-reason"), "Autoscaler: ");
        assertThat(browser.findElement(By.id("scale-set")).getText()).isEqualTo("Pin");
        assertThat(browser.findElement(By.id("scale-note")).getText()).contains("The autoscaler owns the count");

        // pin it at two replicas (min = max = 2), both become available, and the autoscaler keeps them
        WebElement replicasField = browser.findElement(By.id("scale-replicas"));
        for (String bad : new String[] {"", "1.5"}) {
            replicasField.clear();
            type(replicasField, bad);
            browser.findElement(By.id("scale-set")).click();
            waitForText(By.id("toast"), "replicas must be a whole number from 0 to 100");
            assertThat(status("greeter")).as("nothing was sent for \"" + bad + "\"").contains("\"replicas\":1");
        }
        replicasField.clear();
        type(replicasField, "2" + org.openqa.selenium.Keys.ENTER);
        waitForText(By.cssSelector("#card-replicas .value"), "2 / 2");
        waitForText(By.id("autoscaler-mode"), "pinned at 2");
        waitForText(By.id("autoscaler-reason"), "scaling is off");
        assertThat(status("greeter")).contains("\"replicas\":2").contains("\"availableReplicas\":2")
                .contains("\"com.openfaas.scale.min\":\"2\"").contains("\"com.openfaas.scale.max\":\"2\"")
                .contains("\"mode\":\"fixed\"").contains("\"team\":\"web\"").contains("\"MODE\":\"ui\"");
        assertThat(browser.findElement(By.cssSelector("#card-replicas .value")).getText())
                .as("still 2 once the autoscaler has decided on the pinned function").isEqualTo("2 / 2");
        browser.executeScript("window.scrollTo(0, 0)");
        screenshot("ui-function.png");

        // the list shows both functions, live
        browser.findElement(By.linkText("Functions")).click();
        waitForText(By.cssSelector("tr[data-function='greeter'] .replicas"), "2 / 2");
        waitForText(By.cssSelector("tr[data-function='greeter'] .invocations"), "5");
        screenshot("ui-functions.png");

        // remove it: the second click confirms
        browser.findElement(By.cssSelector("tr[data-function='greeter'] a.fn-link")).click();
        waitForText(By.id("function-name"), "greeter");
        assertThat(browser.getTitle()).isEqualTo("greeter · jfaas");
        browser.findElement(By.id("remove")).click();
        waitForText(By.id("remove"), "Remove greeter? Click again");
        browser.findElement(By.id("remove")).sendKeys(org.openqa.selenium.Keys.ESCAPE);
        waitForText(By.id("remove"), "Remove");
        assertThat(browser.findElement(By.id("remove")).getText()).as("Escape disarms it").isEqualTo("Remove");
        browser.findElement(By.id("remove")).click();
        waitForText(By.id("remove"), "Remove greeter? Click again");
        browser.findElement(By.id("remove")).click();
        waitFor(By.id("function-list"));
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.invisibilityOfElementLocated(
                By.cssSelector("tr[data-function='greeter']")));
        assertThat(browser.findElements(By.cssSelector("tr[data-function='hello']"))).hasSize(1);
        assertThat(system("GET", "/system/function/greeter", null).statusCode()).isEqualTo(404);
        assertThat(browser.manage().logs().get(LogType.BROWSER).getAll())
                .as("nothing the page did was refused by its Content-Security-Policy")
                .noneMatch(entry -> entry.getMessage().contains("Content Security Policy"));
    }

    @Test
    void a_crash_looping_function_shows_its_state_restarts_and_last_error_and_a_call_to_it_says_so() throws Exception {
        assertThat(system("POST", "/system/functions", "{\"service\":\"crasher\",\"image\":\"" + IMAGE
                + "\",\"envVars\":{\"JFAAS_HANDLER_CLASS\":\"example.Missing\"}}").statusCode()).isEqualTo(202);
        try {
            browser = HeadlessChromium.start(dir.resolve("profile-crash"));
            logIn("/ui/", password);
            waitForText(By.cssSelector("tr[data-function='crasher'] .replicas"), "0 / 1 · crash-looping");

            browser.get(base + "/ui/#/function/crasher?ns=openfaas-fn");
            waitForText(By.id("health"), "crash-looping: 0 of 1 replicas ready");
            waitForText(By.id("health"), "restarts; last error at ");
            assertThat(browser.findElement(By.id("health")).getText()).contains("exited with code")
                    .as("the last line the replica printed").contains("example.Missing");
            assertThat(status("crasher")).contains("\"health\":{\"state\":\"crash-looping\"");

            // a call waits for a ready replica (up to 30 s): the page says at once what the replicas are doing
            browser.findElement(By.id("invoke-send")).click();
            new WebDriverWait(browser, Duration.ofSeconds(15)).until(ExpectedConditions.textToBePresentInElementLocated(
                    By.id("invoke-waiting"), "waiting for a ready replica: crash-looping"));
            browser.findElement(By.id("invoke-cancel")).click();
            waitForText(By.id("invoke-result"), "cancelled");
        } finally {
            system("DELETE", "/system/functions", "{\"functionName\":\"crasher\"}");
        }
    }

    @Test
    void while_the_gateway_restarts_a_banner_says_so_and_the_followed_log_is_followed_again() throws Exception {
        Path state = dir.resolve("restart-state");
        Map<String, String> env = gatewayEnv(state);
        Gateway first = Gateway.start(GatewayConfig.fromEnv(env), env);
        Gateway running = first;
        try {
            String url = "http://127.0.0.1:" + first.port();
            String secret = Files.readString(state.resolve("basic-auth-password")).strip();
            assertThat(system(url, secret, "POST", "/system/functions", "{\"service\":\"steady\",\"image\":\""
                    + IMAGE + "\",\"envVars\":{\"JFAAS_HANDLER_CLASS\":\"" + WhoAmIHandler.class.getName()
                    + "\"}}").statusCode()).isEqualTo(202);
            browser = HeadlessChromium.start(dir.resolve("profile-restart"));
            logIn(url, "/ui/", secret);
            browser.get(url + "/ui/#/function/steady?ns=openfaas-fn");
            waitForText(By.cssSelector("#card-replicas .value"), "1 / 1");
            browser.findElement(By.id("follow-logs")).click();
            waitForText(By.id("logs-state"), "following…");
            waitForText(By.id("logs"), "ready on");

            // the gateway goes away: a banner says so, the followed log says it is retrying, no raw fetch error
            first.stop();
            running = null;
            waitForText(By.id("banner"), "Gateway unreachable, retrying");
            waitForText(By.id("logs-state"), "gateway unreachable, retrying…");
            assertThat(browser.findElement(By.tagName("body")).getText()).doesNotContain("Failed to fetch");

            // it comes back on the same port: its restart ended the session, so the login page comes first and
            // leads back to the same function, whose log is followed again
            env.put("port", url.substring(url.lastIndexOf(':') + 1));
            running = Gateway.start(GatewayConfig.fromEnv(env), env);
            WebElement passwordField = new WebDriverWait(browser, Duration.ofSeconds(60))
                    .until(ExpectedConditions.visibilityOfElementLocated(By.id("login-password")));
            type(passwordField, secret);
            browser.findElement(By.id("login-submit")).click();
            waitForText(By.id("function-name"), "steady");
            assertThat(browser.findElement(By.id("banner")).isDisplayed()).isFalse();
            waitForText(By.id("logs-state"), "following…");
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> {
                try {
                    return system(url, secret, "POST", "/function/steady/print", "after the restart")
                            .statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            waitForText(By.id("logs"), "after the restart");
        } finally {
            if (running != null) {
                running.stop();
            }
        }
    }

    @Test
    void pages_follow_changes_made_with_the_cli_and_unknown_ones_say_so_and_keep_checking() throws Exception {
        String deployment = "{\"service\":\"later\",\"image\":\"" + IMAGE + "\",\"labels\":{\"tier\":\"%s\"},"
                + "\"secrets\":[%s],\"envVars\":{\"%s\":\"x\",\"JFAAS_HANDLER_CLASS\":\""
                + WhoAmIHandler.class.getName() + "\"}}";
        try {
            browser = HeadlessChromium.start(dir.resolve("profile-stale"));
            logIn("/ui/", password);

            // a function that is not there: the page says so, shows no controls, and keeps checking
            browser.get(base + "/ui/#/function/later?ns=openfaas-fn");
            waitForText(By.id("missing"), "later is not deployed in openfaas-fn. This page keeps checking.");
            assertThat(browser.findElement(By.id("function-body")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("remove")).isDisplayed()).isFalse();
            assertThat(system("POST", "/system/functions", deployment.formatted("one", "", "FIRST")).statusCode())
                    .isEqualTo(202);
            waitForText(By.cssSelector("#card-replicas .value"), "1 / 1");
            assertThat(browser.findElement(By.id("missing")).isDisplayed()).isFalse();
            waitForText(By.id("details"), "one");

            // redeployed with the CLI (the same API): the details follow
            assertThat(system("POST", "/system/secrets", "{\"name\":\"cli-secret\",\"value\":\"v\"}")
                    .statusCode()).isEqualTo(202);
            assertThat(system("PUT", "/system/functions", deployment.formatted("two", "\"cli-secret\"", "SECOND"))
                    .statusCode()).isEqualTo(202);
            waitForText(By.id("details"), "two");
            waitForText(By.id("env-names"), "SECOND");
            assertThat(browser.findElement(By.id("details")).getText()).contains("cli-secret").doesNotContain("FIRST");

            // given a schedule and a topic (the connector's annotations), the page shows them with the next run
            String scheduled = "{\"service\":\"later\",\"image\":\"" + IMAGE + "\",\"secrets\":[\"cli-secret\"],"
                    + "\"annotations\":{\"topic\":\"cron-function,orders.created\",\"schedule\":\"@every 1h\"},"
                    + "\"envVars\":{\"JFAAS_HANDLER_CLASS\":\"" + WhoAmIHandler.class.getName() + "\"}}";
            assertThat(system("PUT", "/system/functions", scheduled).statusCode()).isEqualTo(202);
            waitForText(By.id("trigger-schedule"), "@every 1h · next run ");
            assertThat(browser.findElement(By.id("trigger-topics")).getText()).isEqualTo("orders.created");
            assertThat(browser.findElement(By.id("trigger-invocation")).getText())
                    .isEqualTo("the connector's setting");

            // secrets made with the CLI appear, with the functions that use them
            browser.findElement(By.linkText("Secrets")).click();
            waitForText(By.cssSelector("tr[data-secret='cli-secret'] .used-by"), "later");
            WebElement updateField = browser.findElement(By.cssSelector("tr[data-secret='cli-secret'] "
                    + ".secret-update-value"));
            updateField.sendKeys("typed");
            assertThat(system("POST", "/system/secrets", "{\"name\":\"cli-other\",\"value\":\"v\"}")
                    .statusCode()).isEqualTo(202);
            waitForText(By.id("secret-list"), "cli-other");
            assertThat(updateField.getAttribute("value")).as("the list changed in place").isEqualTo("typed");

            // the Deploy form's secrets too, and a ticked one stays ticked
            browser.findElement(By.linkText("Deploy")).click();
            waitForText(By.id("deploy-secrets"), "cli-secret");
            browser.findElement(By.cssSelector("#deploy-secrets input[value='cli-secret']")).click();
            assertThat(system("POST", "/system/secrets", "{\"name\":\"cli-third\",\"value\":\"v\"}")
                    .statusCode()).isEqualTo(202);
            waitForText(By.id("deploy-secrets"), "cli-third");
            assertThat(browser.findElement(By.cssSelector("#deploy-secrets input[value='cli-secret']")).isSelected())
                    .isTrue();

            // namespaces: one made with the CLI appears; one made here can be removed here
            browser.findElement(By.linkText("Namespaces")).click();
            waitFor(By.cssSelector("tr[data-namespace='openfaas-fn']"));
            assertThat(system("POST", "/system/namespace/", "{\"name\":\"made-by-cli\"}").statusCode())
                    .isEqualTo(201);
            waitFor(By.cssSelector("tr[data-namespace='made-by-cli']"));
            type(By.id("namespace-name"), "made-in-ui");
            browser.findElement(By.id("namespace-create")).click();
            WebElement made = waitFor(By.cssSelector("tr[data-namespace='made-in-ui']"));
            assertThat(system("GET", "/system/namespace/made-in-ui", null).statusCode()).isEqualTo(200);
            made.findElement(By.cssSelector(".namespace-remove")).click();
            made.findElement(By.cssSelector(".namespace-remove")).click();
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.invisibilityOfElementLocated(
                    By.cssSelector("tr[data-namespace='made-in-ui']")));
            assertThat(system("GET", "/system/namespace/made-in-ui", null).statusCode()).isEqualTo(404);
            assertThat(browser.findElements(By.cssSelector("tr[data-namespace='openfaas-fn'] .namespace-remove")))
                    .as("the default namespace cannot be removed").isEmpty();

            // an unknown namespace is named as such, and leaves the picker when another one is picked
            browser.get(base + "/ui/#/functions?ns=nope");
            waitForText(By.id("ns-notice"), "There is no namespace nope");
            assertThat(new Select(browser.findElement(By.id("namespace"))).getFirstSelectedOption().getText())
                    .isEqualTo("nope (unknown)");
            new Select(browser.findElement(By.id("namespace"))).selectByValue("openfaas-fn");
            waitForText(By.cssSelector("tr[data-function='later'] .replicas"), "1 / 1");
            assertThat(browser.findElement(By.id("ns-notice")).isDisplayed()).isFalse();
            assertThat(browser.findElement(By.id("namespace")).getText()).doesNotContain("nope");
        } finally {
            system("DELETE", "/system/functions", "{\"functionName\":\"later\"}");
            for (String secret : new String[] {"cli-secret", "cli-other", "cli-third"}) {
                system("DELETE", "/system/secrets", "{\"name\":\"" + secret + "\"}");
            }
            system("DELETE", "/system/namespace/made-by-cli", null);
        }
    }

    @Test
    void on_a_390_px_phone_no_page_scrolls_sideways_and_the_controls_are_in_reach() throws Exception {
        assertThat(system("POST", "/system/secrets", "{\"name\":\"phone-key\",\"value\":\"v\"}").statusCode())
                .isEqualTo(202);
        try {
            browser = HeadlessChromium.start(dir.resolve("profile-phone"));
            browser.executeCdpCommand("Emulation.setDeviceMetricsOverride",
                    Map.of("width", 390, "height", 844, "deviceScaleFactor", 1, "mobile", true));
            browser.get(base + "/ui/");
            WebElement passwordField = waitFor(By.id("login-password"));
            noSideScroll("login");
            type(passwordField, password);
            browser.findElement(By.id("login-submit")).click();

            waitForText(By.cssSelector("tr[data-function='hello'] .replicas"), "1 / 1");
            noSideScroll("functions");

            browser.findElement(By.cssSelector("tr[data-function='hello'] a.fn-link")).click();
            waitForText(By.cssSelector("#card-replicas .value"), "1 / 1");
            waitFor(By.cssSelector("svg.chart text"));
            noSideScroll("function");
            Number smallest = (Number) browser.executeScript("const svg = document.querySelector('svg.chart');"
                    + "const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;"
                    + "return Math.min(...[...document.querySelectorAll('svg.chart text')]"
                    + ".map(t => parseFloat(getComputedStyle(t).fontSize) * scale));");
            assertThat(smallest.doubleValue()).as("the charts' smallest text, in pixels").isGreaterThanOrEqualTo(11);
            Boolean invokeOnFirstScreen = (Boolean) browser.executeScript(
                    "return document.getElementById('invoke-heading').getBoundingClientRect().bottom <= innerHeight");
            assertThat(invokeOnFirstScreen).as("the Invoke panel starts on the first screen").isTrue();

            browser.findElement(By.linkText("Secrets")).click();
            WebElement remove = waitFor(By.cssSelector("tr[data-secret='phone-key'] .secret-remove"));
            noSideScroll("secrets");
            assertThat((Boolean) browser.executeScript("const r = arguments[0].getBoundingClientRect();"
                    + "return r.left >= 0 && r.right <= innerWidth && r.width > 0", remove))
                    .as("Remove is on the screen").isTrue();

            browser.findElement(By.linkText("Namespaces")).click();
            waitFor(By.cssSelector("tr[data-namespace='openfaas-fn']"));
            noSideScroll("namespaces");

            browser.findElement(By.linkText("Deploy")).click();
            waitFor(By.id("deploy-name"));
            waitForText(By.id("deploy-secrets"), "phone-key");
            noSideScroll("deploy");
        } finally {
            system("DELETE", "/system/secrets", "{\"name\":\"phone-key\"}");
        }
    }

    /** The page is no wider than the window; its top goes to docs/ as {@code ui-phone-PAGE.png}. */
    private void noSideScroll(String page) throws Exception {
        browser.executeScript("window.scrollTo(0, 0)");
        Object widths = browser.executeScript("return [document.documentElement.scrollWidth, innerWidth]");
        assertThat(((List<?>) widths).get(0)).as("%s: [scrollWidth, innerWidth] = %s", page, widths)
                .isEqualTo(((List<?>) widths).get(1));
        screenshot("ui-phone-" + page + ".png");
    }

    @Test
    void the_list_is_searched_and_sorted_a_function_edited_and_redeployed_and_its_log_searched_and_downloaded()
            throws Exception {
        assertThat(system("POST", "/system/functions", "{\"service\":\"alpha\",\"image\":\"" + IMAGE
                + "\",\"labels\":{\"com.openfaas.git-sha\":\"abc1234\",\"com.openfaas.git-branch\":\"main\","
                + "\"com.openfaas.git-repo-url\":\"https://example.com/team/alpha\"},\"envVars\":{\"GREETING\":\"Yo\","
                + "\"JFAAS_HANDLER_CLASS\":\"" + WhoAmIHandler.class.getName() + "\"}}").statusCode()).isEqualTo(202);
        try {
            browser = HeadlessChromium.start(dir.resolve("profile-features"));
            logIn("/ui/", password);
            waitFor(By.cssSelector("tr[data-function='alpha']"));

            // sorted by name, then by calls (hello was called, alpha not); a search keeps only what matches
            assertThat(listed()).containsSubsequence("alpha", "hello");
            new Select(browser.findElement(By.id("list-sort"))).selectByValue("invocations");
            assertThat(listed()).containsSubsequence("hello", "alpha");
            type(By.id("list-search"), "abc1234");
            assertThat(listed()).containsExactly("alpha");
            browser.findElement(By.id("list-search")).clear();
            type(By.id("list-search"), "nothing-like-it");
            waitForText(By.id("function-list"), "No function in openfaas-fn matches \"nothing-like-it\".");

            // the page shows where the code came from
            browser.get(base + "/ui/#/function/alpha?ns=openfaas-fn");
            waitForText(By.id("git"), "abc1234");
            assertThat(browser.findElement(By.id("git")).getText()).contains("branch").contains("main")
                    .contains("https://example.com/team/alpha");

            // edit: the form comes filled in from the status; a redeploy keeps what was not changed
            browser.findElement(By.id("edit")).click();
            waitForText(By.tagName("h1"), "Edit alpha");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver ->
                    driver.findElement(By.id("deploy-env")).getAttribute("value").contains("GREETING=Yo"));
            assertThat(browser.findElement(By.id("deploy-labels")).getAttribute("value"))
                    .contains("com.openfaas.git-sha=abc1234");
            type(By.id("deploy-labels"), "\nteam=edited");
            browser.findElement(By.id("deploy-submit")).click();
            waitForText(By.id("function-name"), "alpha");
            waitForText(By.id("details"), "edited");
            assertThat(status("alpha")).contains("\"team\":\"edited\"").contains("\"com.openfaas.git-sha\":\"abc1234\"")
                    .contains("\"GREETING\":\"Yo\"");

            // the log: searched, and downloaded as the lines shown
            browser.findElement(By.id("follow-logs")).click();
            waitForText(By.id("logs"), "ready on");
            new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
                try {
                    return system("POST", "/function/alpha/print", "printed by the test").statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            waitForText(By.id("logs"), "printed by the test");
            type(By.id("logs-filter"), "ready on");
            Object shown = browser.executeScript("return [...document.querySelectorAll('#logs .line')]"
                    + ".filter(l => !l.hidden).map(l => l.textContent)");
            assertThat((List<?>) shown).isNotEmpty().allSatisfy(line -> assertThat(line.toString())
                    .contains("ready on"));
            assertThat(browser.findElements(By.cssSelector("#logs .line"))).hasSizeGreaterThan(
                    ((List<?>) shown).size());
            // the file the button offers: its name and contents (the page's CSP keeps fetch from reading blob: URLs)
            browser.executeScript("const make = URL.createObjectURL; URL.createObjectURL = blob => {"
                    + " window.offered = blob; return make(blob); };"
                    + "HTMLAnchorElement.prototype.click = function() { window.offeredName = this.download; }");
            browser.findElement(By.id("logs-download")).click();
            Object file = browser.executeAsyncScript("const done = arguments[0];"
                    + "window.offered.text().then(text => done(window.offeredName + '|' + text), e => done(String(e)))");
            assertThat(file.toString()).startsWith("alpha.log|").contains("ready on").endsWith("\n");
            assertThat(file.toString().split("\n")).hasSize(((List<?>) shown).size());
        } finally {
            system("DELETE", "/system/functions", "{\"functionName\":\"alpha\"}");
        }
    }

    @Test
    void an_async_call_is_queued_and_its_dead_letter_is_shown_and_redriven() throws Exception {
        assertThat(system("POST", "/system/functions", "{\"service\":\"flaky\",\"image\":\"" + IMAGE
                + "\",\"annotations\":{\"com.openfaas.retry.attempts\":\"1\"},\"envVars\":{\"JFAAS_HANDLER_CLASS\":\""
                + WhoAmIHandler.class.getName() + "\"}}").statusCode()).isEqualTo(202);
        try {
            browser = HeadlessChromium.start(dir.resolve("profile-async"));
            logIn("/ui/", password);
            browser.get(base + "/ui/#/function/flaky?ns=openfaas-fn");
            waitForText(By.cssSelector("#card-replicas .value"), "1 / 1");
            assertThat(browser.findElement(By.id("dead-letters")).isDisplayed()).as("none yet").isFalse();

            type(By.id("invoke-path"), "/fail");
            browser.findElement(By.id("invoke-async")).click();
            browser.findElement(By.id("invoke-send")).click();
            waitForText(By.id("invoke-status"), "202");
            String queued = browser.findElement(By.id("invoke-queued")).getText();
            String callId = queued.substring("queued as ".length(), queued.indexOf(':'));

            // its one attempt fails: a dead letter, shown on the page with its status
            WebElement letter = waitFor(By.cssSelector("#dead-letters tr[data-call='" + callId + "']"));
            assertThat(letter.getText()).contains("500").contains(callId);
            assertThat(countsOf("flaky")).contains("\"invocations\":1,");

            // redriven: the worker calls the function again
            letter.findElement(By.cssSelector(".redrive")).click();
            waitForText(By.id("toast"), "Queued " + callId + " again");
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(driver -> {
                try {
                    return countsOf("flaky").contains("\"invocations\":2,");
                } catch (Exception e) {
                    return false;
                }
            });
        } finally {
            system("DELETE", "/system/functions", "{\"functionName\":\"flaky\"}");
        }
    }

    private static String countsOf(String name) throws Exception {
        return system("GET", "/ui/api/calls/" + name, null).body();
    }

    /** The function names the list shows, in order, once it has drawn them. */
    private List<String> listed() {
        return new WebDriverWait(browser, Duration.ofSeconds(30)).until(driver -> {
            List<String> names = driver.findElements(By.cssSelector("#function-list tbody tr")).stream()
                    .map(row -> row.getAttribute("data-function")).toList();
            return names.isEmpty() ? null : names;
        });
    }

    @Test
    void secrets_are_created_updated_listed_and_removed_by_name() throws Exception {
        browser = HeadlessChromium.start(dir.resolve("profile-secrets"));
        logIn("/ui/", password);
        browser.get(base + "/ui/#/secrets");

        type(waitFor(By.id("secret-name")), "api-key");
        type(By.id("secret-value"), "s3cret-value");
        browser.findElement(By.id("secret-create")).click();
        WebElement row = waitFor(By.cssSelector("tr[data-secret='api-key']"));
        assertThat(browser.findElement(By.id("secret-list")).getText()).doesNotContain("s3cret-value");
        assertThat(system("GET", "/system/secrets", null).body()).contains("\"name\":\"api-key\"");

        row.findElement(By.cssSelector(".secret-update-value")).sendKeys("changed");
        row.findElement(By.cssSelector(".secret-update")).click();
        waitForText(By.id("toast"), "Updated secret api-key");

        row.findElement(By.cssSelector(".secret-remove")).click();
        row.findElement(By.cssSelector(".secret-remove")).click();
        waitForText(By.id("secret-list"), "No secrets in openfaas-fn.");
        assertThat(system("GET", "/system/secrets", null).body()).doesNotContain("api-key");
    }

    @Test
    void a_wrong_password_is_refused_and_shows_no_function() throws Exception {
        browser = HeadlessChromium.start(dir.resolve("profile-wrong"));

        logIn("/ui/", "not-" + password);

        // the login page says so, and the UI is still out of reach: its HTML is refused, nothing was listed
        waitForText(By.id("login-error"), "Wrong user or password.");
        assertThat(browser.manage().getCookieNamed("jfaas_session")).isNull();
        browser.get(base + "/ui/");
        waitFor(By.id("login-password"));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/login");
        assertThat(browser.getPageSource()).doesNotContain("app.js").doesNotContain("hello");
        assertThat(browser.findElements(By.id("function-list"))).isEmpty();

        // the same browser with the right password gets the UI, with a cookie scripts can't read and other sites'
        // requests don't carry
        logIn("/ui/", password);
        waitFor(By.cssSelector("tr[data-function='hello']"));
        org.openqa.selenium.Cookie session = browser.manage().getCookieNamed("jfaas_session");
        assertThat(session.isHttpOnly()).isTrue();
        assertThat(session.getSameSite()).isEqualTo("Strict");
        assertThat(browser.executeScript("return document.cookie")).isEqualTo("");

        // logging out ends the session: the UI sends the browser back to the login page
        browser.findElement(By.id("logout")).click();
        waitFor(By.id("login-password"));
        browser.get(base + "/ui/");
        waitFor(By.id("login-password"));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/login");
    }

    /**
     * Opens the path, is sent to the login page, and logs in there with this password; returns once the login page
     * has either let the browser in (it left for the UI) or said why not.
     */
    private void logIn(String path, String secret) {
        logIn(base, path, secret);
    }

    private void logIn(String url, String path, String secret) {
        browser.get(url + path);
        WebElement passwordField = waitFor(By.id("login-password"));
        assertThat(browser.getCurrentUrl()).endsWith("/ui/login");
        type(passwordField, secret);
        browser.findElement(By.id("login-submit")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(driver -> !driver.getCurrentUrl().endsWith("/ui/login")
                || !driver.findElements(By.cssSelector("#login-error")).stream()
                        .allMatch(error -> error.getText().isEmpty()));
    }

    private WebElement waitFor(By locator) {
        return new WebDriverWait(browser, Duration.ofSeconds(30))
                .until(ExpectedConditions.visibilityOfElementLocated(locator));
    }

    private void waitForText(By locator, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(30))
                .withMessage(() -> locator + " to contain \"" + text + "\"; page: "
                        + browser.findElement(By.tagName("body")).getText())
                .until(ExpectedConditions.textToBePresentInElementLocated(locator, text));
    }

    private void type(By locator, CharSequence text) {
        type(browser.findElement(locator), text);
    }

    private static void type(WebElement element, CharSequence text) {
        element.sendKeys(text);
    }

    private void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name), browser.getScreenshotAs(OutputType.BYTES));
    }

    private static String status(String name) throws Exception {
        return system("GET", "/system/function/" + name, null).body();
    }

    private static HttpResponse<String> system(String method, String path, String body) throws Exception {
        return system(base, password, method, path, body);
    }

    private static HttpResponse<String> system(String url, String secret, String method, String path, String body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + secret).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }
}
