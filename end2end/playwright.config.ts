// Playwright against the release build in dist/, in Debian's Chromium (never a downloaded one).
import { defineConfig } from "@playwright/test";

const PORT = 8091;
const SUBPATH_PORT = 8092;

export default defineConfig({
  testDir: "tests",
  outputDir: "test-results",
  fullyParallel: true,
  workers: 2,
  forbidOnly: true,
  retries: 0,
  timeout: 30_000,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${PORT}/`,
    viewport: { width: 1280, height: 800 },
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-quic",
        "--no-first-run",
      ],
    },
  },
  // Timing tests run last and alone (one worker, nothing else running), so the other
  // tests' load does not distort the figures.
  projects: [
    { name: "functional", testIgnore: /\.perf\.spec\.ts$/ },
    { name: "perf", testMatch: /\.perf\.spec\.ts$/, dependencies: ["functional"], fullyParallel: false, workers: 1 },
  ],
  webServer: [
    {
      // dist/ at the root of a static host.
      command: `python3 -m http.server ${PORT} --bind 127.0.0.1 --directory ../dist`,
      url: `http://127.0.0.1:${PORT}/index.html`,
      reuseExistingServer: false,
      stderr: "ignore",
    },
    {
      // dist/ copied into a sub-folder, as on a course page: http://host/chainrule/.
      command:
        `rm -rf ../target/e2e-subpath && mkdir -p ../target/e2e-subpath && cp -r ../dist ../target/e2e-subpath/chainrule && ` +
        `exec python3 -m http.server ${SUBPATH_PORT} --bind 127.0.0.1 --directory ../target/e2e-subpath`,
      url: `http://127.0.0.1:${SUBPATH_PORT}/chainrule/index.html`,
      reuseExistingServer: false,
      stderr: "ignore",
    },
  ],
});

export const SUBPATH_URL = `http://127.0.0.1:${SUBPATH_PORT}/chainrule/`;
