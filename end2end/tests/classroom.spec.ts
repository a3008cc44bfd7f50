// Ready for class: links, presets, presentation, exports, the cost counter, the
// finite-difference check, security, keyboard-only use, and the themes.
import { readFileSync } from "node:fs";
import { test, expect } from "../fixtures";

const BAYDIN = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";

test("a link restores the same program, mode, step, paths and options after a reload and in a new page", async ({ app, page, context }) => {
  await app.openProgram(BAYDIN);
  for (let i = 0; i < 5; i++) await app.press("next");
  await app.choosePathsFor("x1");
  await page.locator("[data-testid=show-partials]").check();
  // The address is written 200 ms after the last change: wait for the last one.
  await expect.poll(() => page.url()).toContain("step=5");
  await expect.poll(() => page.url()).toContain("paths=x1");
  await expect.poll(() => page.url()).toContain("partials=1");
  const url = page.url();
  const check = async (p: typeof page) => {
    await expect(p.locator("[data-testid=step-label]")).toContainText("Step 5/17");
    await expect(p.locator("textarea[data-testid=program]")).toHaveValue(BAYDIN);
    await expect(p.locator("[data-testid=paths] [data-path]")).toHaveCount(2);
    await expect(p.locator("[data-testid=show-partials]")).toBeChecked();
    await expect(p.locator('svg[data-testid=graph] [data-node="v3"]')).toHaveAttribute("data-state", "active");
  };
  await page.reload();
  await check(page);
  const other = await context.newPage();
  await other.goto(url);
  await check(other);
  // Forward mode with its seed travels too.
  await app.mode.selectOption("forward");
  await app.seed.selectOption({ label: "x₂" });
  await expect.poll(() => page.url()).toContain("seed=x2");
  await page.reload();
  await expect(app.mode).toHaveValue("forward");
  await expect(app.seed).toHaveValue("1");
});

test("with no hash, the last session comes back", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await app.press("next");
  await app.press("next");
  await expect.poll(() => page.url()).toContain("step=2");
  await page.goto("./");
  await expect(app.program).toHaveValue(BAYDIN);
  await expect(app.stepLabel).toContainText("Step 2/");
});

test("a broken link opens the default program with a clear message", async ({ app, page }) => {
  await page.goto("./#program=%E0%A4%A");
  await expect(page.locator("[data-testid=link-error]")).toContainText("broken %-escape");
  await expect(app.program).toHaveValue("f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3");
  await expect(app.graph.locator("[data-node]")).toHaveCount(6);
  // A link whose program has an error keeps the text, shows the caret, and a graph.
  await page.goto(`./?again#program=${encodeURIComponent("f(x) = x^; x = 1")}`);
  await expect(app.program).toHaveValue("f(x) = x^; x = 1");
  await expect(app.parseError).toContainText("^");
  await expect(app.graph.locator("[data-node]").first()).toBeVisible();
});

test("every preset loads, with its note", async ({ app, page }) => {
  await app.open();
  const ids = await page.locator("[data-testid=presets] [data-preset]").evaluateAll((els) => els.map((e) => e.getAttribute("data-preset")));
  expect(ids).toEqual([
    "seed", "baydin", "olah", "neuron", "logistic", "softmax", "mlp", "accumulate",
    "micrograd", "logistic-map", "relu-branch", "d2l-loop", "sigmoid-chain", "tanh-chain", "bug-twice", "bug-diamond", "swell",
  ]);
  for (const id of ids) {
    await page.locator("[data-testid=presets]").selectOption(id!);
    await expect(app.parseError).toHaveCount(0);
    await expect(page.locator("[data-testid=preset-note]")).toBeVisible();
    await expect(app.graph.locator("[data-node]").first()).toBeVisible();
    await expect(app.stepLabel).toContainText("Step 0/");
  }
  await page.locator("[data-testid=presets]").selectOption("neuron");
  expect(await app.exactOutput()).toBeCloseTo(Math.SQRT1_2, 12);
});

test("the cost counter on Baydin: 2 forward passes against 1 reverse", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  const cost = page.locator("[data-testid=cost]");
  await expect(cost).toHaveAttribute("data-forward-passes", "2");
  await expect(cost).toHaveAttribute("data-reverse-passes", "1");
  await expect(cost).toContainText("forward mode 2 passes, 26 operations; reverse mode 1 pass, 13 operations");
});

test("the finite-difference check agrees with autodiff to 1e-6 on Baydin", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.locator("[data-testid=fd-check]").click();
  for (const name of ["x1", "x2"]) {
    const row = page.locator(`[data-testid=fd-result] [data-input="${name}"]`);
    const fd = Number(await row.getAttribute("data-fd"));
    const ad = Number(await row.getAttribute("data-ad"));
    expect(Math.abs(fd - ad)).toBeLessThan(1e-6);
    await expect(row).toContainText("agree");
  }
  // The check belongs to its program: an edit reads as no check, and it can be run again.
  await app.typeProgram(BAYDIN.replace("x2 = 5", "x2 = 4"));
  await expect(page.locator("[data-testid=fd-result]")).toHaveCount(0);
  await page.locator("[data-testid=fd-check]").click();
  await expect(page.locator("[data-testid=fd-result] li")).toHaveCount(2);
});

test("SVG export parses as SVG with one element per node; PNG is an image; LaTeX and CSV carry the trace", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await app.press("last");
  const grab = async (id: string) => {
    await page.locator(".exports summary").click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`[data-testid=${id}]`).click()]);
    return readFileSync((await download.path())!, "utf8");
  };
  const svg = await grab("export-svg");
  const nodes = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    if (doc.querySelector("parsererror")) return -1;
    return doc.documentElement.nodeName === "svg" ? doc.querySelectorAll("[data-node]").length : -2;
  }, svg);
  expect(nodes).toBe(7);
  const tex = await grab("export-latex");
  expect(tex).toContain("\\toprule");
  expect(tex).toContain("11.65");
  expect(tex).toContain("1.716");
  const csv = await grab("export-csv");
  expect(csv).toContain("v0,x2,input,5,1.7163378145367738");
  const dot = await grab("export-dot");
  expect(dot).toContain('"v-1" -> "v2";');
  // PNG: a real image, twice the drawing's size.
  await page.locator(".exports summary").click();
  const [png] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=export-png]").click()]);
  const bytes = readFileSync((await png.path())!);
  expect(bytes.subarray(0, 8).toString("hex")).toBe("89504e470d0a1a0a");
  const width = bytes.readUInt32BE(16);
  const svgWidth = Number(/width="(\d+)"/.exec(svg)![1]);
  expect(Math.abs(width - 2 * svgWidth)).toBeLessThanOrEqual(2);
});

test("text from the link or the editor never becomes markup", async ({ app, page }) => {
  let dialogs = 0;
  page.on("dialog", async (d) => {
    dialogs++;
    await d.dismiss();
  });
  for (const evil of ["<img src=x onerror=alert(1)>", "</textarea><script>alert(1)</script>"]) {
    await page.goto(`./?${dialogs}#program=${encodeURIComponent(evil)}`);
    await expect(app.program).toHaveValue(evil);
    await expect(app.parseError).toBeVisible();
    await app.typeProgram(`f(x) = x; x = 1 # ${evil}`);
    await expect(app.parseError).toHaveCount(0);
  }
  await page.waitForTimeout(300);
  expect(dialogs).toBe(0);
  expect(await page.locator("img, script:not([src])").count()).toBeLessThanOrEqual(await page.locator("script").count());
  expect(await page.locator("img[src=x]").count()).toBe(0);
});

test("a whole lesson by keyboard only, with a visible focus ring", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.keyboard.press("Tab");
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement!).outlineStyle);
  expect(outline).not.toBe("none");
  await page.locator(".masthead h1").click();
  const last = await app.lastStep();
  for (let i = 0; i < last; i++) await page.keyboard.press("ArrowRight");
  await expect(app.stepLabel).toContainText("Done: ∇f = (5.5, 1.716)");
  await expect(app.gradientEntry("x1")).toHaveText("5.5");
});

test("presentation mode at a projector's 1024x768, and the light, dark and print views", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  for (let i = 0; i < 12; i++) await app.press("next");
  await page.locator("[data-testid=presentation]").click();
  await expect(app.program).toBeHidden();
  await expect(app.graph).toBeVisible();
  await app.screenshot("class-presentation", 1024, 768);
  expect(await page.locator("body").evaluate((b) => b.scrollHeight <= window.innerHeight + 1)).toBe(true);
  await page.locator("[data-testid=presentation]").click();
  await app.screenshot("class-light", 1280, 800);
  await page.locator("[data-testid=theme]").click();
  await expect(page.locator("html")).toHaveAttribute("data-theme", "dark");
  await page.waitForTimeout(400); // the colours' transitions
  await app.screenshot("class-dark", 1280, 800);
  await app.screenshot("class-dark", 1024, 768);
  await page.locator("[data-testid=theme]").click();
  await page.emulateMedia({ media: "print" });
  await page.waitForTimeout(400);
  await app.screenshot("class-print", 1280, 800);
  await page.emulateMedia({ media: "screen" });
});

test("quiz: the class predicts each number; a right and a wrong answer are scored", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.locator("[data-testid=quiz]").check();
  await expect(page.locator("[data-testid=quiz-score]")).toHaveText("score 0 of 0");
  for (let i = 0; i < 3; i++) await app.press("next");
  // Step 3 computes v1 = ln(x1): asked, not shown yet.
  const answer = page.locator("input[data-testid=quiz-answer]");
  await expect(answer).toBeVisible();
  await expect(answer).toBeFocused();
  await expect(app.node("v1")).toHaveAttribute("data-state", "active");
  await expect(app.node("v1")).not.toHaveAttribute("data-value");
  await answer.fill("0.6931");
  await answer.press("Enter");
  await expect(page.locator("[data-testid=quiz-feedback]")).toHaveText("Right: v₁ = 0.6931");
  expect(await app.number(app.node("v1"), "data-value")).toBeCloseTo(0.693147180559945, 12);
  await expect(app.equation).toHaveAttribute("title", "v₁ = ln(x₁) = ln(2) = 0.6931");
  // The arrow keys step again once answered.
  await page.keyboard.press("ArrowRight");
  await expect(answer).toBeVisible();
  await answer.fill("11");
  await page.locator("[data-testid=quiz-check]").click();
  await expect(page.locator("[data-testid=quiz-feedback]")).toHaveText("Not quite: you said 11; v₂ = 10");
  await expect(page.locator("[data-testid=quiz-score]")).toHaveText("score 1 of 2");
  // Going back to an answered step shows it without asking again.
  await app.press("back");
  await expect(answer).toHaveCount(0);
});

test("the keyboard help opens with ? and closes with Esc; each step is narrated for screen readers", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.locator(".masthead h1").click();
  await page.keyboard.press("?");
  await expect(page.locator("[data-testid=help]")).toContainText("play or pause");
  await page.keyboard.press("Escape");
  await expect(page.locator("[data-testid=help]")).toHaveCount(0);
  for (let i = 0; i < 5; i++) await page.keyboard.press("ArrowRight");
  await expect(page.locator("[data-testid=narration]")).toHaveText(
    "Forward pass 5 of 7. v 3 equals sine of x 2 equals sine of 5 equals minus 0.9589",
  );
});

test("LaTeX goes to the clipboard; once loaded, the app works offline", async ({ app, page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await app.openProgram(BAYDIN);
  await page.locator(".exports summary").click();
  await page.locator("[data-testid=copy-latex]").click();
  await expect(page.locator("[data-testid=copy-link]")).toHaveText("LaTeX copied");
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toContain("\\begin{tabular}");
  expect(clip).toContain("11.65");
  // No network: typing, stepping and every panel still work (nothing is fetched after load).
  await context.setOffline(true);
  await app.typeProgram("f(x) = x^3; x = 2");
  await app.press("last");
  await expect(app.gradientEntry("x")).toHaveText("12");
  await context.setOffline(false);
});
