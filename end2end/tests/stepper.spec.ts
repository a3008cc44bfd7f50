// The stepper: both passes node by node, checked against ../shared/reference/test-vectors.md.
import { test, expect } from "../fixtures";
import type { AppPage } from "../pages/app-page";

const SEED = "f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3";
const BAYDIN = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";
const OLAH = "c = a + b; d = b + 1; e = c * d; a = 2; b = 1";
const TOL = 12; // digits for toBeCloseTo: the data attributes carry full f64 precision

/** Every node's state, value, adjoint and tangent at the current step. */
async function picture(app: AppPage) {
  return app.graph.locator("[data-node]").evaluateAll((els) =>
    els.map((e) =>
      ["data-node", "data-state", "data-value", "data-adjoint", "data-tangent"]
        .map((a) => `${a}=${e.getAttribute(a)}`)
        .join(" "),
    ),
  );
}

/** Steps forward until the step label matches `phase`, at most `limit` steps. */
async function stepUntil(app: AppPage, phase: RegExp, limit = 60) {
  for (let i = 0; i < limit; i++) {
    if (phase.test((await app.stepLabel.textContent()) ?? "")) return;
    await app.press("next");
  }
  throw new Error(`never reached ${phase}`);
}

test("the seed example: values fill in forward, adjoints come back, the gradient appears at the end", async ({ app }) => {
  await app.openProgram(SEED);
  await expect(app.stepLabel).toContainText("Step 0/");
  for (const id of ["v-1", "v0", "v1", "v2", "v3"]) {
    await expect(app.node(id)).toHaveAttribute("data-state", "pending");
    await expect(app.node(id)).not.toHaveAttribute("data-value");
  }
  await expect(app.gradientEntry("x1")).toHaveCount(0);
  const last = await app.lastStep();
  const want: Record<string, number> = { "v-1": 2, v0: 3, v1: 4, v2: 6, v3: 10 };
  let known = 0;
  for (let step = 1; step <= last; step++) {
    await app.press("next");
    await expect(app.stepLabel).toContainText(`Step ${step}/${last} `);
    const label = (await app.stepLabel.textContent()) ?? "";
    if (label.includes("Forward pass")) {
      known += 1;
      await expect(app.graph.locator("[data-node][data-value]:not([data-op=constant])")).toHaveCount(known);
      await expect(app.graph.locator("[data-state=active]")).toHaveCount(1);
    }
  }
  for (const [id, value] of Object.entries(want)) {
    expect(await app.number(app.node(id), "data-value")).toBeCloseTo(value, TOL);
  }
  expect(await app.number(app.node("v-1"), "data-adjoint")).toBeCloseTo(4, TOL);
  expect(await app.number(app.node("v0"), "data-adjoint")).toBeCloseTo(2, TOL);
  await expect(app.gradientEntry("x1")).toHaveAttribute("data-value", "4");
  await expect(app.gradientEntry("x2")).toHaveAttribute("data-value", "2");
  await expect(app.stepLabel).toContainText("Done: ∇f = (4, 2)");
});

test("Baydin's Tables 2 and 3: every primal value, and the adjoints in the paper's order", async ({ app }) => {
  await app.openProgram(BAYDIN);
  const primal: Record<string, number> = {
    "v-1": 2,
    v0: 5,
    v1: 0.693147180559945,
    v2: 10,
    v3: -0.958924274663138,
    v4: 10.6931471805599,
    v5: 11.6520714552231,
  };
  // Forward pass: each step computes the next node of the table, in order.
  for (const [id, value] of Object.entries(primal)) {
    await app.press("next");
    await expect(app.node(id)).toHaveAttribute("data-state", "active");
    expect(await app.number(app.node(id), "data-value")).toBeCloseTo(value, TOL);
    await expect(app.traceRow(id)).toHaveClass(/current/);
  }
  // Reverse pass: record each adjoint as it changes.
  const seen: Record<string, number[]> = {};
  const last = await app.lastStep();
  while ((await app.step()) < last) {
    await app.press("next");
    for (const id of Object.keys(primal)) {
      const a = await app.number(app.node(id), "data-adjoint");
      const list = (seen[id] ??= []);
      if (!Number.isNaN(a) && list[list.length - 1] !== a) list.push(a);
    }
    if ((await app.step()) < last - 1) await expect(app.gradientEntry("x2")).toHaveCount(0);
  }
  const close = (got: number[], want: number[]) => {
    expect(got).toHaveLength(want.length);
    want.forEach((w, i) => expect(got[i]).toBeCloseTo(w, 9));
  };
  close(seen.v5, [1]);
  close(seen.v4, [1]);
  close(seen.v3, [-1]);
  close(seen.v1, [1]);
  close(seen.v2, [1]);
  close(seen.v0, [-0.283662185463226, 1.71633781453677]);
  close(seen["v-1"], [5, 5.5]);
  expect(Number(await app.gradientEntry("x2").getAttribute("data-value"))).toBeCloseTo(1.71633781453677, TOL);
  await expect(app.gradientEntry("x1")).toHaveText("5.5");
  await expect(app.gradientEntry("x2")).toHaveText("1.716");
  // The wrong copies circulating on the web never appear.
  await expect(app.page.locator("body")).not.toContainText("2.284");
  await expect(app.page.locator("body")).not.toContainText("2.716");
});

test("the step panel writes the chain rule with the numbers in, and counts contributions", async ({ app }) => {
  await app.openProgram(BAYDIN);
  await stepUntil(app, /Reverse pass/);
  // The contribution of v3 = sin(x2) into x2: x̄2 = v̄3 · ∂v3/∂x2 = (−1) · cos(5).
  await stepUntil(app, /Reverse pass/);
  for (let i = 0; i < 12; i++) {
    if (((await app.equation.getAttribute("title")) ?? "").includes("cos(5)")) break;
    await app.press("next");
  }
  await expect(app.equation).toHaveAttribute("title", "x̄₂ = v̄₃ · ∂v₃/∂x₂ = v̄₃ · cos(x₂) = (−1) · cos(5) = −0.2837");
  await expect(app.equation.locator("math")).toHaveCount(1);
  await expect(app.stepNote).toContainText("1 of 2 contributions into x̄₂");
  await stepUntil(app, /gradient complete/);
  await expect(app.stepNote).toContainText("2 of 2 contributions into x̄₁: running sum 5.5");
  await expect(app.equation.locator("mo", { hasText: "+=" })).toHaveCount(1);
});

test("stepping back restores exactly the earlier picture", async ({ app }) => {
  await app.openProgram(BAYDIN);
  for (let i = 0; i < 9; i++) await app.press("next");
  const before = await picture(app);
  const table = await app.trace.innerHTML();
  const label = await app.stepLabel.textContent();
  for (let i = 0; i < 4; i++) await app.press("next");
  expect(await picture(app)).not.toEqual(before);
  for (let i = 0; i < 4; i++) await app.press("back");
  await expect(app.stepLabel).toHaveText(label ?? "");
  expect(await picture(app)).toEqual(before);
  expect(await app.trace.innerHTML()).toEqual(table);
  await app.press("first");
  await expect(app.graph.locator("[data-state=pending]")).toHaveCount(await app.graph.locator("[data-node]").count());
});

test("keyboard and presentation clickers step; keys typed in the editor do not", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  for (const key of ["ArrowRight", "Space", "PageDown"]) await page.keyboard.press(key);
  expect(await app.step()).toBe(3);
  for (const key of ["ArrowLeft", "PageUp"]) await page.keyboard.press(key);
  expect(await app.step()).toBe(1);
  await page.keyboard.press("End");
  expect(await app.step()).toBe(await app.lastStep());
  await page.keyboard.press("Home");
  expect(await app.step()).toBe(0);
  await page.keyboard.press("p");
  await expect(app.playButton).toHaveAttribute("aria-pressed", "true");
  await expect.poll(() => app.step(), { timeout: 5000 }).toBeGreaterThan(1);
  await page.keyboard.press("P");
  await expect(app.playButton).toHaveAttribute("aria-pressed", "false");
  const paused = await app.step();
  await page.waitForTimeout(1000);
  expect(await app.step()).toBe(paused);
  // In the editor the arrows move the caret, Space types a space.
  await app.program.click();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("End");
  await page.keyboard.press("Space");
  expect(await app.step()).toBe(paused);
  await expect(app.program).toHaveValue(BAYDIN + " ");
});

test("clicking a node or a table row jumps to its step", async ({ app }) => {
  await app.openProgram(BAYDIN);
  await app.node("v3").click();
  await expect(app.stepLabel).toContainText("Forward pass 5/7");
  await expect(app.node("v3")).toHaveAttribute("data-state", "active");
  await app.traceRow("v1").click();
  await expect(app.stepLabel).toContainText("Forward pass 3/7");
  await expect(app.traceRow("v1")).toHaveClass(/current/);
  // In the reverse pass, a click goes to the step that completes the node's adjoint.
  await app.press("last");
  await app.node("v-1").click();
  await expect(app.stepLabel).toContainText("Reverse pass");
  expect(await app.number(app.node("v-1"), "data-adjoint")).toBeCloseTo(5.5, TOL);
  await expect(app.node("v-1")).toHaveAttribute("data-state", "active");
});

test("Olah's paths for b: two paths, 2 + 3 = 5, each drawn, one alone on hover", async ({ app }) => {
  await app.openProgram(OLAH);
  await app.choosePathsFor("b");
  const items = app.paths.locator("[data-path]");
  await expect(items).toHaveCount(2);
  const products = (await items.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-product"))))).sort();
  expect(products).toEqual([2, 3]);
  await expect(app.pathsSum).toHaveAttribute("data-value", "5");
  const lines = app.graph.locator("[data-path-line]");
  await expect(lines).toHaveCount(4);
  await items.nth(1).hover();
  await expect(lines).toHaveCount(2);
  await expect(app.graph.locator("[data-path-line='0']")).toHaveCount(0);
  await app.choosePathsFor("a");
  await expect(items).toHaveCount(1);
  await expect(app.pathsSum).toHaveAttribute("data-value", "2");
});

test("path explosion: 2^20 paths are counted exactly, 1,000 listed, the page stays live", async ({ app }) => {
  // Each level squares the one below: every level doubles the paths from x.
  const lines = ["a1 = x * x"];
  for (let i = 2; i <= 20; i++) lines.push(`a${i} = a${i - 1} * a${i - 1}`);
  lines.push("x = 1");
  await app.openProgram(lines.join("\n"));
  await app.choosePathsFor("x");
  await expect(app.page.locator(".paths-count")).toContainText("1048576 paths from x to a₂₀");
  await expect(app.paths.locator("[data-path]")).toHaveCount(1000);
  await expect(app.page.locator(".paths-more")).toContainText("first 1000 of 1048576");
  await expect(app.graph.locator("[data-path-line]").first()).toBeVisible();
  await app.press("next");
  await expect(app.stepLabel).toContainText("Step 1/");
});

test("forward mode on Baydin: the tangent of y is 5.5 for the seed x1", async ({ app }) => {
  await app.openProgram(BAYDIN);
  await app.mode.selectOption("forward");
  await expect(app.page.locator("[data-testid=mode-cost]")).toContainText("2 inputs: 2 forward passes");
  await app.press("last");
  expect(await app.number(app.node("v5"), "data-tangent")).toBeCloseTo(5.5, TOL);
  expect(await app.number(app.node("v1"), "data-tangent")).toBeCloseTo(0.5, TOL);
  await expect(app.node("v5")).not.toHaveAttribute("data-adjoint");
  await expect(app.gradientEntry("x1")).toHaveAttribute("data-value", "5.5");
  await expect(app.gradientEntry("x2")).toHaveCount(0);
  await app.seed.selectOption({ label: "x₂" });
  await app.press("last");
  expect(await app.number(app.node("v5"), "data-tangent")).toBeCloseTo(1.71633781453677, TOL);
});

test("a bad program shows the caret; the old graph stays, dimmed, and the text is kept", async ({ app }) => {
  await app.openProgram(BAYDIN);
  await app.press("last");
  const nodes = await app.graph.locator("[data-node]").count();
  await app.program.press("End");
  await app.program.pressSequentially(" + (");
  await expect(app.parseError).toContainText("^");
  await expect(app.graph).toHaveClass(/stale/);
  await expect(app.graph.locator("[data-node]")).toHaveCount(nodes);
  await expect(app.program).toHaveValue(BAYDIN + " + (");
  await app.program.pressSequentially("1)");
  await expect(app.parseError).toHaveCount(0);
  await expect(app.graph).not.toHaveClass(/stale/);
});

test("screenshots of each state at desktop and projector sizes", async ({ app }) => {
  const shots: [string, () => Promise<void>][] = [
    ["start", async () => {}],
    ["forward", async () => { for (let i = 0; i < 5; i++) await app.press("next"); }],
    ["reverse", async () => {
      await app.page.locator("[data-testid=show-partials]").check();
      await stepUntil(app, /contributions|Reverse pass 8/);
      await stepUntil(app, /Reverse pass 8/);
    }],
    ["done", async () => { await app.press("last"); }],
    ["tangent", async () => { await app.mode.selectOption("forward"); await app.press("last"); }],
  ];
  await app.openProgram(BAYDIN);
  for (const [name, act] of shots) {
    await act();
    await app.screenshot(`stepper-${name}`, 1280, 800);
    await app.screenshot(`stepper-${name}`, 1024, 768);
  }
  await app.openProgram(OLAH);
  await app.press("last");
  await app.choosePathsFor("b");
  await app.screenshot("stepper-paths", 1280, 800);
  await app.screenshot("stepper-paths", 1024, 768);
  await app.program.press("End");
  await app.program.pressSequentially(" + (");
  await expect(app.parseError).toBeVisible();
  await app.screenshot("stepper-error", 1280, 800);
  await app.screenshot("stepper-error", 1024, 768);
});
