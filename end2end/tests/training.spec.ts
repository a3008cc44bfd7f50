// Training mode and the plots (issue 15): gradient descent on (w − 3)² gives the issue's
// figures; the loss plot has a point per iteration and falls; the finite-difference plot
// has four series of sixteen points for each input.
import { test, expect } from "../fixtures";

test("(w - 3)^2 at η = 0.1: w = 0.6, 1.08, 1.464 and the loss 9, 5.76, 3.6864; the loss plot falls", async ({ app, page }) => {
  await app.openProgram("param w = 0\nL = (w - 3)^2");
  await page.locator("[data-testid=train]").check();
  await expect(page.locator("input[data-testid=learning-rate]")).toHaveValue("0.1");
  await expect(page.locator('input[data-testid=param][data-input="w"]')).toBeChecked();
  await expect(app.graph.locator('g.node[data-param="true"]')).toHaveCount(1);
  const iteration = page.locator("[data-testid=iteration]");
  const w = page.locator('[data-testid=train-updates] li[data-param="w"]');
  const want = [0.6, 1.08, 1.464];
  const losses = [9, 5.76, 3.6864];
  for (let k = 0; k < 3; k++) {
    await page.locator("[data-testid=train-step]").click();
    await expect(iteration).toHaveAttribute("data-value", String(k + 1));
    expect(Number(await w.getAttribute("data-value"))).toBeCloseTo(want[k], 12);
    await expect(w).toContainText("w ← w − η·∂L/∂w");
    // The graph shows the iteration's point: w's box holds the value after the update.
    const box = app.graph.locator('g.node.input[data-param="true"]');
    expect(Number(await box.getAttribute("data-value"))).toBeCloseTo(want[k], 12);
  }
  const plot = page.locator("svg[data-testid=loss-plot]");
  const points = plot.locator("[data-point]");
  await expect(points).toHaveCount(3);
  for (let k = 0; k < 3; k++) {
    expect(Number(await points.nth(k).getAttribute("data-x"))).toBe(k + 1);
    expect(Number(await points.nth(k).getAttribute("data-y"))).toBeCloseTo(losses[k], 12);
  }
  await app.screenshot("training", 1280, 800);
  // Run, skipping the animation: many iterations, the loss falling all the way.
  await page.locator("[data-testid=train-skip]").check();
  await page.locator("[data-testid=train-run]").click();
  await expect.poll(async () => Number(await iteration.getAttribute("data-value")), { timeout: 10_000 }).toBeGreaterThan(60);
  await page.locator("[data-testid=train-run]").click();
  const ys = await points.evaluateAll((els) => els.map((e) => Number(e.getAttribute("data-y"))));
  expect(ys.length).toBeGreaterThan(60);
  for (let k = 1; k < ys.length; k++) expect(ys[k]).toBeLessThanOrEqual(ys[k - 1]);
  expect(ys[ys.length - 1]).toBeLessThan(1e-6);
  await expect(page.locator("svg[data-testid=param-plot] [data-series=w] [data-point]")).toHaveCount(ys.length + 1);
  await app.screenshot("training-run", 1024, 768);
  await page.locator("[data-testid=theme]").click();
  await page.locator("[data-testid=presentation]").click();
  await app.screenshot("training-present-dark", 1280, 800);
  await page.locator("[data-testid=presentation]").click();
  await page.locator("[data-testid=theme]").click();
  // Reset: back to the start values.
  await page.locator("[data-testid=train-reset]").click();
  await expect(iteration).toHaveAttribute("data-value", "0");
  expect(Number(await app.graph.locator('g.node.input[data-param="true"]').getAttribute("data-value"))).toBe(0);
});

test("the update is the iteration's last step; the next step starts the next iteration", async ({ app, page }) => {
  await app.openProgram("param w = 0\nL = (w - 3)^2");
  await page.locator("[data-testid=train]").check();
  await app.press("last");
  await app.press("back");
  await expect(app.stepLabel).toContainText("Update 1/1: w ← w − η·∂L/∂w");
  await expect(app.equation).toHaveAttribute("title", "w = w − η · ∂L/∂w = 0 − 0.1 · (−6) = 0.6");
  const w = app.graph.locator('g.node[data-param="true"]');
  expect(Number(await w.getAttribute("data-value"))).toBeCloseTo(0.6, 12);
  await expect(w).toHaveClass(/active/);
  await app.screenshot("training-update", 1024, 768);
  await app.press("back");
  expect(Number(await w.getAttribute("data-value"))).toBe(0);
  await app.press("last");
  await app.press("next");
  await expect(page.locator("[data-testid=iteration]")).toHaveAttribute("data-value", "1");
  expect(await app.step()).toBe(1);
});

test("finite differences against h: four series of sixteen points for each input, the best h marked", async ({ app, page }) => {
  await app.openProgram("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5");
  await page.locator("[data-testid=fd-sweep]").click();
  const plot = page.locator("svg[data-testid=fd-plot]");
  for (const input of ["0", "1"]) {
    await page.locator("[data-testid=fd-input]").selectOption(input);
    for (const s of ["forward", "central", "forward_f32", "central_f32"]) {
      await expect(plot.locator(`[data-series=${s}] [data-point]`)).toHaveCount(16);
    }
    await expect(plot.locator("[data-mark]")).toHaveCount(4);
  }
  await page.locator("[data-testid=fd-input]").selectOption("0");
  // Baydin: the forward difference's error is smallest at h = 1e-7, the central one's at 1e-5.
  await expect(plot.locator('[data-mark=forward] text')).toHaveText("best h 1e-7");
  await expect(plot.locator('[data-mark=central] text')).toHaveText("best h 1e-5");
  const first = plot.locator("[data-series=forward] [data-point]").first();
  expect(Number(await first.getAttribute("data-x"))).toBe(0.1);
  expect(Number(await first.getAttribute("data-y"))).toBeCloseTo(0.0121, 4);
  await expect(page.locator(".fd-sweep .plot-note")).toContainText("round-off");
  await plot.scrollIntoViewIfNeeded();
  await app.screenshot("fd-plot", 1280, 800);
  await app.screenshot("fd-plot", 1024, 768);
});

test("gradient flow: the sigmoid chain's contributions shrink from the output down; the tanh chain's grow", async ({ app, page }) => {
  const walk = async () => {
    let at = (await app.graph.locator("g.node.output").getAttribute("data-node"))!;
    const flows: number[] = [];
    for (let k = 0; k < 30; k++) {
      const into = app.graph.locator(`g.edge-group[data-to="${at}"][data-flow]`);
      if ((await into.count()) === 0) break;
      // Along the chain: the edge from the previous layer (not the shared weight w).
      let next: string | null = null;
      for (const e of await into.all()) {
        const from = (await e.getAttribute("data-from"))!;
        const label = await app.graph.locator(`g.node[data-node="${from}"]`).getAttribute("data-label");
        if (label === "w") continue;
        flows.push(Math.abs(Number(await e.getAttribute("data-flow"))));
        next = from;
      }
      if (next === null) break;
      at = next;
    }
    return flows;
  };
  await app.openProgram("h = x\nfor i in 1..=10 {\n  h = sigmoid(h)\n}\nf = h\nx = 0.5");
  await expect(app.graph.locator("g.edge-group[data-flow]")).toHaveCount(0);
  await page.locator("[data-testid=gradient-flow]").check();
  await expect(page.locator("[data-testid=flow-legend]")).toBeVisible();
  const sig = await walk();
  expect(sig.length).toBe(10);
  for (let k = 1; k < sig.length; k++) expect(sig[k]).toBeLessThan(sig[k - 1]);
  expect(sig[9]).toBeLessThan(1e-6);
  await app.screenshot("flow-sigmoid", 1280, 800);
  await app.program.fill("h = x\nfor i in 1..=10 {\n  h = tanh(w*h)\n}\nf = h\nx = 0.001; w = 2");
  await expect(app.graph.locator('g.node[data-label="w"]')).toHaveCount(1);
  const tanh = await walk();
  expect(tanh.length).toBe(20);
  expect(tanh[tanh.length - 1]).toBeGreaterThan(100 * tanh[0]);
  expect(tanh[tanh.length - 1]).toBeCloseTo(350.206, 2);
  await app.screenshot("flow-tanh", 1024, 768);
});

test("dual numbers: Baydin seeded on x₁ ends at 11.65 + 5.5ε; each step's rule in dual arithmetic", async ({ app, page }) => {
  await app.openProgram("f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5");
  await app.mode.selectOption("forward");
  await page.locator("[data-testid=dual]").check();
  const rule = page.locator("[data-testid=dual-rule]");
  let seen = false;
  for (let k = 0; k < 10 && !seen; k++) {
    await app.press("next");
    seen = ((await rule.textContent()) ?? "").includes("(2 + 1ε)(5 + 0ε) = 10 + 5ε");
  }
  expect(seen).toBe(true);
  await expect(rule).toContainText("(a + bε)(c + dε) = ac + (ad + bc)ε");
  await app.screenshot("dual", 1024, 768);
  await app.press("last");
  await expect(app.graph.locator("g.node.output")).toHaveAttribute("data-dual", "11.65 + 5.5ε");
  await expect(app.graph.locator("g.node.output .node-adjoint")).toHaveText("11.65 + 5.5ε");
  await app.screenshot("dual", 1280, 800);
});

test("two parameters: the descent's path across the loss's contours", async ({ app, page }) => {
  await app.openProgram("param w = 0\nparam b = 2\nL = (w - 3)^2 + 4*(b + 1)^2");
  await page.locator("[data-testid=train]").check();
  for (let k = 0; k < 12; k++) await page.locator("[data-testid=train-step]").click();
  await expect(page.locator("[data-testid=iteration]")).toHaveAttribute("data-value", "12");
  const plot = page.locator("svg[data-testid=contour-plot]");
  await expect(plot.locator("[data-series=path] [data-point]")).toHaveCount(13);
  await expect(plot.locator(".series.contour")).toHaveCount(10);
  const first = plot.locator("[data-series=path] [data-point]").first();
  expect(Number(await first.getAttribute("data-x"))).toBe(0);
  expect(Number(await first.getAttribute("data-y"))).toBe(2);
  await plot.scrollIntoViewIfNeeded();
  await app.screenshot("contour", 1280, 800);
  await page.locator("[data-testid=presentation]").click();
  await app.screenshot("contour-present", 1024, 768);
});
