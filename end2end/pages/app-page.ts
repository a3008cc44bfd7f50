// The page object: every selector the specs use lives here (see end2end/README.md).
import { expect, type Locator, type Page } from "@playwright/test";

export class AppPage {
  readonly program: Locator;
  readonly outputValue: Locator;
  readonly parseError: Locator;
  readonly graph: Locator;

  constructor(readonly page: Page) {
    this.program = page.locator("textarea[data-testid=program]");
    this.outputValue = page.locator("[data-testid=output-value]");
    this.parseError = page.locator("[data-testid=parse-error]");
    this.graph = page.locator("[data-testid=graph]");
  }

  /** Opens the app at `url` (relative to the base URL) and waits for the wasm to render. */
  async open(url = "./") {
    await this.page.goto(url);
    await expect(this.program).toBeVisible();
    await expect(this.outputValue).toBeVisible();
  }

  /** Replaces the program text as a user would, by typing. */
  async typeProgram(text: string) {
    await this.program.fill("");
    await this.program.pressSequentially(text);
  }

  /** The gradient entry for input `name` (rounded text; full value in `data-value`). */
  gradientEntry(name: string): Locator {
    return this.page.locator(`[data-testid=gradient] [data-input="${name}"]`);
  }

  /** The full-precision output value from `data-value`. */
  async exactOutput(): Promise<number> {
    return Number(await this.outputValue.getAttribute("data-value"));
  }

  /** Saves a screenshot for a person to look at, at the given viewport. */
  async screenshot(name: string, width: number, height: number) {
    await this.page.setViewportSize({ width, height });
    await this.page.screenshot({ path: `end2end/screenshots/${name}-${width}x${height}.png` });
  }
}
