package io.meshportal.support;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** End-to-end tests: the real portal on a random port and one Chromium per test class. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class BrowserTest extends TempDataDir {

    protected static Chromium chromium;

    @LocalServerPort
    protected int port;

    @BeforeAll
    static void startBrowser() {
        chromium = new Chromium();
    }

    @AfterAll
    static void stopBrowser() {
        chromium.close();
    }

    protected String base() {
        return "http://localhost:" + port;
    }
}
