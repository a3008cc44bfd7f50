// The `test` every spec uses: it fails the test on any console error or uncaught page
// error, and hands the spec a page object.
import { test as base, expect } from "@playwright/test";
import { AppPage } from "./pages/app-page";

type Fixtures = { app: AppPage; consoleErrors: string[] };

export const test = base.extend<Fixtures>({
  consoleErrors: [
    async ({ page }, use) => {
      const errors: string[] = [];
      page.on("console", (msg) => {
        if (msg.type() === "error") errors.push(`console.error: ${msg.text()}`);
      });
      page.on("pageerror", (err) => errors.push(`page error: ${err.message}`));
      page.on("requestfailed", (req) => {
        // A navigation (a link opened by address) may cancel the browser's own favicon
        // fetch: that is the browser, not the page, failing.
        const cancelledIcon = req.url().endsWith("/favicon.svg") && req.failure()?.errorText === "net::ERR_ABORTED";
        if (!cancelledIcon) errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`);
      });
      await use(errors);
      expect(errors, "the page logged errors").toEqual([]);
    },
    { auto: true },
  ],
  app: async ({ page }, use) => {
    await use(new AppPage(page));
  },
});

export { expect };
