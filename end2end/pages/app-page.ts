// The page object: every selector the specs use lives here (see end2end/README.md).
import { expect, type Locator, type Page } from "@playwright/test";

export class AppPage {
  readonly program: Locator;
  readonly outputValue: Locator;
  readonly parseError: Locator;
  readonly graph: Locator;
  readonly trace: Locator;
  readonly stepLabel: Locator;
  readonly equation: Locator;
  readonly stepNote: Locator;
  readonly mode: Locator;
  readonly seed: Locator;
  readonly paths: Locator;
  readonly pathsSum: Locator;
  readonly playButton: Locator;
  readonly rule: Locator;
  readonly swell: Locator;

  constructor(readonly page: Page) {
    this.program = page.locator("textarea[data-testid=program]");
    this.outputValue = page.locator("[data-testid=output-value]");
    this.parseError = page.locator("[data-testid=parse-error]");
    this.graph = page.locator("svg[data-testid=graph]");
    this.trace = page.locator("table[data-testid=trace]");
    this.stepLabel = page.locator("[data-testid=step-label]");
    this.equation = page.locator("[data-testid=equation]");
    this.stepNote = page.locator("[data-testid=step-note]");
    this.mode = page.locator("[data-testid=mode]");
    this.seed = page.locator("[data-testid=seed]");
    this.paths = page.locator("[data-testid=paths]");
    this.pathsSum = page.locator("[data-testid=paths-sum]");
    this.playButton = page.locator("[data-testid=play]");
    this.rule = page.locator("[data-testid=rule]");
    this.swell = page.locator("[data-testid=swell]");
  }

  /** Opens `program` through the address (`#program=...`), at step 0. */
  async openProgram(program: string, base = "./") {
    await this.open(`${base}#program=${encodeURIComponent(program)}`);
    await expect(this.program).toHaveValue(program);
  }

  /** Clicks one of the step buttons: first, back, next, last. */
  async press(button: "first" | "back" | "next" | "last") {
    await this.page.locator(`[data-testid=step-${button}]`).click();
  }

  /** The current step number, read from the step label ("Step 3 of 17 · ..."). */
  async step(): Promise<number> {
    const text = (await this.stepLabel.textContent()) ?? "";
    const m = /^Step (\d+)\/(\d+)/.exec(text);
    if (!m) throw new Error(`no step in "${text}"`);
    return Number(m[1]);
  }

  /** The number of the last step. */
  async lastStep(): Promise<number> {
    const text = (await this.stepLabel.textContent()) ?? "";
    const m = /^Step (\d+)\/(\d+)/.exec(text);
    if (!m) throw new Error(`no step in "${text}"`);
    return Number(m[2]);
  }

  /** The drawn node with core id `id` (`v-1`, `v3`, `c0`). */
  node(id: string): Locator {
    return this.graph.locator(`[data-node="${id}"]`);
  }

  /** The drawn edge `from->to`. */
  edge(from: string, to: string): Locator {
    return this.graph.locator(`[data-edge="${from}->${to}"]`);
  }

  /** The trace table's row for node `id`. */
  traceRow(id: string): Locator {
    return this.trace.locator(`tr[data-node="${id}"]`);
  }

  /** A full-precision number attribute of `locator` (NaN when absent). */
  async number(locator: Locator, attribute: string): Promise<number> {
    const v = await locator.getAttribute(attribute);
    return v === null ? NaN : Number(v);
  }

  /** The symbolic derivative for input `name` (`data-expr`: chainrule syntax). */
  symbolicEntry(name: string): Locator {
    return this.page.locator(`[data-testid=symbolic] [data-input="${name}"]`);
  }

  /** Picks the input whose chain-rule paths light up. */
  async choosePathsFor(input: string) {
    await this.page.locator(`[data-path-input="${input}"]`).click();
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
