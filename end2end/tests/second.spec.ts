// Beyond the first gradient (issue 16): the backward pass as a graph that steps like any
// program and whose Jacobian is the Hessian; the Hessian panel; the broken engines stepped
// and marked against the correct one; the JAX and PyTorch exports.
import { test, expect } from "../fixtures";

const BAYDIN = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";
const TWICE_USED = "a = 1; b = a + a; c = b + b";
const OLAH = "c = a + b; d = b + 1; e = c * d; a = 2; b = 1";
const H = [
  [-0.25, 1],
  [1, Math.sin(5)],
];

test("the Hessian panel: Baydin's second derivatives, symmetric, checked against differences of the gradient", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.locator("[data-testid=hessian-toggle]").check();
  const panel = page.locator("[data-testid=hessian]");
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 2; c++) {
      const cell = panel.locator(`td[data-row="${r}"][data-col="${c}"]`);
      expect(Number(await cell.getAttribute("data-value"))).toBeCloseTo(H[r][c], 12);
    }
  await expect(panel.locator("[data-testid=hessian-cost]")).toHaveAttribute("data-passes", "2");
  await expect(panel.locator("[data-testid=hessian-check]")).toContainText("Symmetric");
  expect(Number(await panel.locator("[data-testid=hessian-check]").getAttribute("data-error"))).toBeLessThan(1e-6);
  await page.locator("[data-testid=hessian]").scrollIntoViewIfNeeded();
  await app.screenshot("hessian", 1280, 800);
});

test("the backward graph: adjoint nodes beside the forward values; forward mode over it fills the Hessian column by column", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  const forwardNodes = await app.graph.locator("g.node").count();
  await page.locator("[data-testid=backward-graph]").check();
  await expect(page.locator("[data-testid=backward-note]")).toBeVisible();
  // An adjoint node per non-constant node, the seed ȳ among them, but v̄₁ = v̄₄·1 and
  // v̄₂ = v̄₄·1 are one expression, so one node: 6. The program's text is untouched.
  await expect(app.graph.locator('g.node[data-node^="bar:"]')).toHaveCount(6);
  await expect(app.graph.locator('g.node[data-node="bar:v5"]')).toHaveCount(1);
  expect(await app.graph.locator("g.node").count()).toBeGreaterThan(forwardNodes);
  await expect(app.program).toHaveValue(BAYDIN);
  // Its outputs are the gradient: x̄₁ = 5.5, x̄₂ = 1.716.
  await app.press("last");
  const x1bar = app.graph.locator('g.node[data-node="bar:x1"]');
  expect(Number(await x1bar.getAttribute("data-value"))).toBeCloseTo(5.5, 12);
  // A pass per input over it: its Jacobian is the Hessian, a column per pass.
  await app.mode.selectOption("forward");
  await expect(app.seed).toHaveValue("all");
  await app.press("last");
  const j = page.locator("[data-testid=jacobian]");
  for (let r = 0; r < 2; r++)
    for (let c = 0; c < 2; c++) {
      const cell = j.locator(`td[data-row="${r}"][data-col="${c}"]`);
      expect(Number(await cell.getAttribute("data-value"))).toBeCloseTo(H[r][c], 12);
    }
  await app.screenshot("backward-graph", 1280, 800);
  await app.screenshot("backward-graph", 1024, 768);
  // Off again: the program's own graph.
  await page.locator("[data-testid=backward-graph]").uncheck();
  await expect(app.graph.locator('g.node[data-node^="bar:"]')).toHaveCount(0);
  await expect(app.graph.locator("g.node")).toHaveCount(forwardNodes);
});

/** The gradient readout's entry for an input: its shown value, its correct value, and whether it is marked wrong. */
async function entry(page: import("@playwright/test").Page, input: string) {
  const out = page.locator(`[data-testid=gradient] output[data-input="${input}"]`);
  return {
    value: Number(await out.getAttribute("data-value")),
    correct: await out.getAttribute("data-correct"),
    wrong: await out.evaluate((el) => el.classList.contains("wrong")),
  };
}

test("broken engines: a node used twice gives 4, 1, 8, 8; the wrong entries are marked and the bug explained", async ({ app, page }) => {
  await app.openProgram(TWICE_USED);
  await app.press("last");
  const engine = page.locator("select[data-testid=engine]");
  await expect(engine.locator("option")).toHaveText(["correct", "overwrite", "recursive", "twice"]);
  expect(await entry(page, "a")).toEqual({ value: 4, correct: null, wrong: false });
  const want: Record<string, number> = { overwrite: 1, recursive: 8, twice: 8 };
  for (const [name, v] of Object.entries(want)) {
    // A new engine is a new lesson: it starts at step 0, the gradient shown at its end.
    await engine.selectOption(name);
    await app.press("last");
    await expect(page.locator(`[data-testid=gradient] output[data-input="a"]`)).toHaveAttribute("data-value", String(v));
    expect(await entry(page, "a")).toEqual({ value: v, correct: "4", wrong: true });
    // And the finite-difference check agrees with the correct engine, not this one.
    const out = page.locator(`[data-testid=gradient] output[data-input="a"]`);
    expect(Number(await out.getAttribute("data-fd"))).toBeCloseTo(4, 6);
    await expect(out).toHaveAttribute("title", /wrong; the correct engine gives 4, central differences 4/);
    // The stepper steps that engine's own pass: at its end a's box holds its adjoint.
    await expect(app.graph.locator("g.node.input")).toHaveAttribute("data-adjoint", String(v));
    await expect(page.locator("[data-testid=engine-note]")).toBeVisible();
    await page.locator("[data-testid=engine-note]").scrollIntoViewIfNeeded();
    await app.screenshot(`engine-${name}`, 1024, 768);
    // One step back: the last contribution into ā, worded as that engine did it.
    await app.press("back");
    const said = { overwrite: "replaces the 1 it held, so that contribution is lost (correct: 2)", recursive: "goes down this edge again (time 2)", twice: "on top of the first run's 4; running sum 8" }[name]!;
    await expect(page.locator("[data-testid=step-note]")).toContainText(said);
    await app.screenshot(`engine-step-${name}`, 1280, 800);
    // Whole inside the step panel, not cut off by its fixed height.
    const note = (await page.locator("[data-testid=step-note]").boundingBox())!;
    const panel = (await page.locator(".step-panel").boundingBox())!;
    expect(note.y + note.height).toBeLessThanOrEqual(panel.y + panel.height);
  }
  await engine.selectOption("correct");
  await app.press("last");
  await expect(page.locator("[data-testid=engine-note]")).toHaveCount(0);
  expect(await entry(page, "a")).toEqual({ value: 4, correct: null, wrong: false });
});

test("Olah's diamond: overwrite loses b's first path; recursive is right on it; twice doubles", async ({ app, page }) => {
  await app.openProgram(OLAH);
  await app.press("last");
  const engine = page.locator("select[data-testid=engine]");
  await engine.selectOption("overwrite");
  await app.press("last");
  await expect(page.locator(`[data-testid=gradient] output[data-input="b"]`)).toHaveAttribute("data-value", "2");
  expect(await entry(page, "a")).toEqual({ value: 2, correct: "2", wrong: false });
  expect(await entry(page, "b")).toEqual({ value: 2, correct: "5", wrong: true });
  await engine.selectOption("recursive");
  await app.press("last");
  await expect(page.locator(`[data-testid=gradient] output[data-input="b"]`)).toHaveAttribute("data-value", "5");
  expect((await entry(page, "b")).wrong).toBe(false);
  await engine.selectOption("twice");
  await app.press("last");
  await expect(page.locator(`[data-testid=gradient] output[data-input="b"]`)).toHaveAttribute("data-value", "10");
  expect(await entry(page, "a")).toEqual({ value: 4, correct: "2", wrong: true });
});

test("exports: the program as a JAX and a PyTorch script, downloaded and copied, its loops and branches Python's", async ({ app, page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await app.openProgram(BAYDIN);
  for (const [kind, needle] of [
    ["jax", "jax.grad(f, argnums=argnums)"],
    ["pytorch", "y.backward()"],
  ]) {
    await page.locator("details.exports summary").click();
    const [download] = await Promise.all([page.waitForEvent("download"), page.locator(`[data-testid=export-${kind}]`).click()]);
    const path = await download.path();
    const text = require("fs").readFileSync(path, "utf8") as string;
    expect(text).toContain("def f(x1, x2):");
    expect(text).toContain(needle);
    expect(text).toContain("point = [2.0, 5.0]");
    await page.locator("details.exports summary").click();
    await page.locator(`[data-testid=copy-${kind}]`).click();
    const copied = await page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(text);
  }
  // A program with a loop and a branch goes out as Python's own loop and branch.
  await page.locator("[data-testid=presets]").selectOption("d2l-loop");
  await page.locator("details.exports summary").click();
  await page.locator("[data-testid=copy-jax]").click();
  const d2l = await page.evaluate(() => navigator.clipboard.readText());
  expect(d2l).toContain("    while jnp.abs(b) < 1000.0:\n        b = b * 2.0\n    if b > 0.0:");
  expect(d2l).toContain("the program as written");
});

test("the symbolic panel's second derivatives: Baydin's -1/x1^2, 1, sin(x2) with their sizes; a network says how to get its values", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.locator("[data-testid=symbolic-second-toggle]").check();
  const list = page.locator("[data-testid=symbolic-second]");
  await expect(list.locator("li")).toHaveCount(3);
  const want: [number, number, string, number][] = [
    [0, 0, "-1/x1^2", -0.25],
    [0, 1, "1", 1],
    [1, 1, "sin(x2)", Math.sin(5)],
  ];
  for (const [r, c, text, v] of want) {
    const li = list.locator(`li[data-row="${r}"][data-col="${c}"]`);
    await expect(li).toHaveAttribute("data-expr", text);
    expect(Number(await li.getAttribute("data-value"))).toBeCloseTo(v, 12);
    await expect(li.locator("math")).toHaveCount(1);
  }
  await expect(list.locator("li").first()).toContainText("∂²f/∂x₁²");
  const sizes = page.locator("[data-testid=second-swell]");
  expect(Number(await sizes.getAttribute("data-tree"))).toBeGreaterThanOrEqual(3);
  // A new point: the values follow.
  await app.program.fill("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 4; x2 = 5");
  await expect(list.locator('li[data-row="0"][data-col="0"]')).toHaveAttribute("data-value", "-0.0625");
  await list.scrollIntoViewIfNeeded();
  await app.screenshot("symbolic-second", 1280, 800);
  // Too many inputs: a sentence, not 78 formulas.
  await page.locator("[data-testid=presets]").selectOption("mlp");
  await expect(page.locator("[data-testid=symbolic-second]")).toContainText("up to 8 inputs; this program has 12");
});

test("the Hessian panel steps a column's pass: forward mode over the backward graph seeded on that input, its outputs' tangents the column", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.locator("[data-testid=hessian-toggle]").check();
  const buttons = page.locator("[data-testid=hessian-step-column]");
  await expect(buttons).toHaveCount(2);
  for (const col of [1, 0]) {
    await buttons.nth(col).click();
    await expect(page.locator("[data-testid=backward-graph]")).toBeChecked();
    await expect(page.locator(`[data-testid=hessian-stepping][data-col="${col}"]`)).toBeVisible();
    await expect(buttons.nth(col)).toHaveAttribute("aria-pressed", "true");
    await expect(app.mode).toHaveValue("forward");
    await expect(app.seed).toHaveValue(String(col));
    expect(await app.step()).toBe(0);
    await app.press("last");
    for (const [row, name] of [[0, "x1"], [1, "x2"]] as const) {
      const node = app.graph.locator(`g.node[data-node="bar:${name}"]`);
      expect(Number(await node.getAttribute("data-tangent"))).toBeCloseTo(H[row][col], 12);
    }
    if (col === 1) {
      await app.screenshot("hessian-column", 1280, 800);
      await app.screenshot("hessian-column", 1024, 768);
    }
  }
  // Hiding the backward graph ends the column's stepping.
  await page.locator("[data-testid=backward-graph]").uncheck();
  await expect(page.locator("[data-testid=hessian-stepping]")).toHaveCount(0);
});

test("the link keeps the engine, the backward graph and the Hessian panel", async ({ app, page }) => {
  await app.open(`./#program=${encodeURIComponent(TWICE_USED)}&engine=overwrite&hessian=1`);
  await expect(page.locator("select[data-testid=engine]")).toHaveValue("overwrite");
  await expect(page.locator("[data-testid=hessian] table")).toBeVisible();
  await expect(page.locator("[data-testid=engine-note]")).toBeVisible();
  await page.locator("[data-testid=backward-graph]").check();
  await expect(page).toHaveURL(/&backward=1/);
  await page.locator("select[data-testid=engine]").selectOption("correct");
  await expect(page).not.toHaveURL(/engine=/);
  await expect(page).toHaveURL(/&hessian=1/);
  // Reopened from the address: the same picture.
  await page.reload();
  await expect(page.locator("[data-testid=backward-graph]")).toBeChecked();
  await expect(app.graph.locator('g.node[data-node^="bar:"]').first()).toBeVisible();
  await expect(page.locator("[data-testid=hessian] table")).toBeVisible();
  // A broken engine name is said, and the default program shown (a fresh page: a hash
  // change to a broken link is ignored, the picture kept).
  await page.goto("about:blank");
  await app.open(`./#program=${encodeURIComponent(TWICE_USED)}&engine=sloppy`);
  await expect(page.locator("[data-testid=link-error]")).toContainText('engine "sloppy" is not one of');
});
