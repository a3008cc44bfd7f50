// Functions (issue 14, first part): a `def` is inlined at each call; every node a call made
// says which call (`data-call`), and the numbers are those of the body written out.
import { test, expect } from "../fixtures";

const NEURON =
  "def sig(z) = 1/(1 + exp(-z))\nf = sig(w0*x0 + w1*x1 + w2)\nw0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3";

test("CS231n's neuron with the sigmoid as a function: its gradient, its nodes tagged with the call", async ({ app }) => {
  await app.openProgram(NEURON);
  expect(await app.exactOutput()).toBeCloseTo(0.7311, 4);
  await app.press("last");
  const want: [string, number][] = [["w0", -0.1966], ["x0", 0.3932], ["w1", -0.3932], ["x1", -0.5898], ["w2", 0.1966]];
  for (const [name, d] of want) expect(await app.number(app.gradientEntry(name), "data-value")).toBeCloseTo(d, 4);
  // The sigmoid's nodes (neg, exp, +, /) were made by its one call; the weights' were not.
  const inCall = app.graph.locator('g.node[data-call="sig#1"]');
  expect(await inCall.count()).toBeGreaterThanOrEqual(3);
  await expect(inCall.first().locator("title")).toContainText("(in sig#1)");
  await expect(app.graph.locator('g.node.input[data-call="sig#1"]')).toHaveCount(0);
});

test("a recursive function is an error with a caret; the text and the last graph stay", async ({ app }) => {
  await app.openProgram(NEURON);
  const nodes = await app.graph.locator("g.node").count();
  const bad = "def f(z) = f(z) + 1\ny = f(x)\nx = 1";
  await app.program.fill(bad);
  await expect(app.parseError).toContainText("f calls itself; recursion is not supported");
  await expect(app.parseError).toContainText("^");
  await expect(app.graph.locator("g.node")).toHaveCount(nodes);
  await expect(app.program).toHaveValue(bad);
});

const TWO = "f(x0, x1, x2) = [x0^2 + x1^2 - x1*x2, x0^2 - x1^2 + 3*x0*x2]\nx0 = 3; x1 = 4; x2 = 5";
const J = [[6, 3, -4], [21, -8, 9]];

/** Jacobian entry (row j, column i) as shown, or null while it reads "?". */
async function entry(app: { page: import("@playwright/test").Page }, j: number, i: number): Promise<number | null> {
  const cell = app.page.locator(`[data-testid=jacobian] [data-row="${j}"][data-col="${i}"]`);
  const v = await cell.getAttribute("data-value");
  return v === null ? null : Number(v);
}

test("several outputs: drawn as outputs; reverse mode fills the Jacobian a row per pass", async ({ app, page }) => {
  await app.openProgram(TWO);
  await expect(app.graph.locator("g.node.output")).toHaveCount(2);
  await expect(app.graph.locator('g.node.output[data-label="f₁"]')).toHaveCount(1);
  await expect(app.graph.locator('g.node.output[data-label="f₂"]')).toHaveCount(1);
  expect(await app.exactOutput()).toBe(5);
  const jac = page.locator("[data-testid=jacobian]");
  await expect(jac.locator("h2")).toHaveAttribute("data-rows", "2");
  await expect(jac.locator("h2")).toHaveAttribute("data-cols", "3");
  await expect(jac.locator("td[data-value]")).toHaveCount(0);
  const cost = page.locator("[data-testid=cost]");
  await expect(cost).toHaveAttribute("data-outputs", "2");
  await expect(cost).toHaveAttribute("data-forward-passes", "3");
  await expect(cost).toHaveAttribute("data-reverse-passes", "2");
  await expect(cost).toContainText("reverse mode is cheaper here");
  // Step until the second reverse pass starts: row 1 is complete, row 2 is empty.
  const label = page.locator("[data-testid=pass-label]");
  const now = async () => ((await label.allTextContents())[0] ?? "");
  for (let k = 0; k < 60 && !(await now()).startsWith("Reverse pass 2 of 2"); k++) await app.press("next");
  await expect(label).toHaveText("Reverse pass 2 of 2 (seed ∂f₂/∂·)");
  for (let i = 0; i < 3; i++) {
    expect(await entry(app, 0, i)).toBeCloseTo(J[0][i], 9);
    expect(await entry(app, 1, i)).toBeNull();
  }
  await expect(jac.locator("td[data-active]")).toHaveCount(3);
  // The chain-rule paths now end at f₂: x₀'s sum is J[1][0] = 21.
  await app.choosePathsFor("x0");
  await expect(app.pathsSum).toHaveAttribute("data-value", "21");
  await expect(app.pathsSum).toContainText("∂f₂/∂x₀");
  await app.press("last");
  for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) expect(await entry(app, j, i)).toBeCloseTo(J[j][i], 9);
  await expect(app.stepLabel).toContainText("2 reverse passes, a row each");
});

test("forward mode: a column per pass; a direction v gives J·v in one pass, kept in the link", async ({ app, page }) => {
  await app.openProgram(TWO);
  await app.mode.selectOption("forward");
  await expect(app.seed).toHaveValue("all");
  await app.press("next");
  await expect(page.locator("[data-testid=pass-label]")).toHaveText("Forward pass 1 of 3 (seed ∂/∂x₀)");
  await app.press("last");
  for (let j = 0; j < 2; j++) for (let i = 0; i < 3; i++) expect(await entry(app, j, i)).toBeCloseTo(J[j][i], 9);
  await expect(app.stepLabel).toContainText("3 forward passes, a column each");
  // One pass along v = (1, 0, 2).
  await app.seed.selectOption("vector");
  const x1 = page.locator('input[data-testid=direction][data-input="x1"]');
  await x1.fill("0");
  await x1.press("Enter");
  await page.locator('input[data-testid=direction][data-input="x2"]').fill("2");
  await page.locator('input[data-testid=direction][data-input="x2"]').press("Enter");
  await app.press("last");
  const product = page.locator("[data-testid=jacobian-product]");
  await expect(product).toHaveAttribute("data-kind", "J·v");
  await expect(product.locator('output[data-index="0"]')).toHaveAttribute("data-value", "-2");
  await expect(product.locator('output[data-index="1"]')).toHaveAttribute("data-value", "39");
  await expect(page).toHaveURL(/mode=forward&direction=1%2C0%2C2/);
  // The link restores it.
  await page.reload();
  await expect(page.locator('input[data-testid=direction][data-input="x2"]')).toHaveValue("2");
  await app.press("last");
  await expect(product.locator('output[data-index="1"]')).toHaveAttribute("data-value", "39");
});

test("reverse mode with a cotangent u gives uᵀ·J in one pass", async ({ app, page }) => {
  await app.openProgram(TWO);
  await app.seed.selectOption("vector");
  const u2 = page.locator('input[data-testid=cotangent][data-output="2"]');
  await u2.fill("-1");
  await u2.press("Enter");
  await app.press("last");
  const product = page.locator("[data-testid=jacobian-product]");
  await expect(product).toHaveAttribute("data-kind", "uᵀ·J");
  const want = [6 - 21, 3 + 8, -4 - 9];
  for (let i = 0; i < 3; i++) {
    expect(Number(await product.locator(`output[data-index="${i}"]`).getAttribute("data-value"))).toBeCloseTo(want[i], 9);
  }
  await expect(page).toHaveURL(/cotangent=1%2C-1/);
  await app.screenshot("jacobian-cotangent", 1280, 800);
});

test("each call is framed as a gate, its local partials in the frame's title", async ({ app, page }) => {
  await app.openProgram(
    "def neuron(x, w, b) { s = x*w + b; return tanh(s) }\nf = neuron(x1, w, b1) + neuron(x2, w, b2)\nx1 = 0.5; x2 = -1; w = 0.8; b1 = 0.1; b2 = -0.2",
  );
  const frames = app.graph.locator("g.cluster");
  await expect(frames).toHaveCount(2);
  const first = app.graph.locator('g.cluster[data-cluster="neuron#1"]');
  await expect(first).toHaveAttribute("data-function", "neuron");
  await expect(first).toHaveAttribute("data-folded", "false");
  await expect(first.locator("title")).toContainText("neuron#1 as one gate");
  // tanh'(s) at s = 0.5*0.8 + 0.1 = 0.5, times x = 0.5 for w: 0.5 (1 - tanh(0.5)^2) = 0.3932.
  await expect(first.locator("title")).toContainText("= 0.3932");
  // The frame holds its call's boxes.
  const box = await first.locator("path").boundingBox();
  for (const el of await app.graph.locator('g.node[data-call="neuron#1"]').all()) {
    const b = await el.locator("rect").boundingBox();
    expect(b!.x).toBeGreaterThanOrEqual(box!.x);
    expect(b!.x + b!.width).toBeLessThanOrEqual(box!.x + box!.width + 0.5);
    expect(b!.y).toBeGreaterThanOrEqual(box!.y);
  }
  await app.press("last");
  await app.screenshot("gates", 1280, 800);
  await app.screenshot("gates", 1024, 768);
});

test("presentation with several outputs: the Jacobian joins the stage; dark theme", async ({ app, page }) => {
  await app.openProgram(TWO);
  await app.mode.selectOption("forward");
  for (let k = 0; k < 20; k++) await app.press("next");
  await page.locator("[data-testid=presentation]").click();
  const jac = page.locator(".stage [data-testid=jacobian]");
  await expect(jac).toBeVisible();
  await expect(jac.locator("td[data-active]")).toHaveCount(2);
  await app.screenshot("jacobian-present", 1024, 768);
  await page.locator("[data-testid=theme]").click();
  await app.screenshot("jacobian-present-dark", 1280, 800);
  await page.locator("[data-testid=presentation]").click();
  await expect(page.locator(".side [data-testid=jacobian]")).toBeVisible();
  await app.screenshot("jacobian-forward-dark", 1024, 768);
});
