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
      page.on("requestfailed", (req) => errors.push(`request failed: ${req.url()}`));
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
