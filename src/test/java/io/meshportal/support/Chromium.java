package io.meshportal.support;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Debian's Chromium driven by Playwright (Playwright may not download its own browser on these machines).
 * One instance per test class; close it in {@code @AfterAll}.
 */
public final class Chromium implements AutoCloseable {

    /** Debian's chromium by default; MESHPORTAL_CHROMIUM names another (e.g. google-chrome on CI runners). */
    private static final Path EXECUTABLE =
            Path.of(System.getenv().getOrDefault("MESHPORTAL_CHROMIUM", "/usr/bin/chromium"));

    private final Playwright playwright;
    private final Browser browser;

    public Chromium() {
        if (!Files.isExecutable(EXECUTABLE)) {
            throw new IllegalStateException(
                    "Chromium not found at " + EXECUTABLE + ": run ./test.sh, which installs it");
        }
        playwright = Playwright.create(
                new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(EXECUTABLE)
                        .setHeadless(true)
                        .setArgs(List.of(
                                "--no-sandbox",
                                "--disable-gpu",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--no-first-run",
                                "--disable-quic")));
    }

    /** A page in English, whatever the machine's language: the tests read the English texts. */
    public Page newPage() {
        return newPage("en-US");
    }

    /** A page whose browser asks for {@code locale} (its Accept-Language and navigator.language). */
    public Page newPage(String locale) {
        Page page = browser.newContext(new Browser.NewContextOptions().setLocale(locale))
                .newPage();
        page.setDefaultTimeout(30_000);
        return page;
    }

    /** Signs in through the real login form. */
    public static void signIn(Page page, String baseUrl, String user, String password) {
        page.navigate(baseUrl + "/login");
        page.getByLabel("Username").fill(user);
        page.getByLabel("Password", new Page.GetByLabelOptions().setExact(true)).fill(password);
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
                .click();
    }

    @Override
    public void close() {
        browser.close();
        playwright.close();
    }
}
