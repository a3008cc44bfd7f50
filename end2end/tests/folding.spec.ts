// Folding (issue 14): a call folds into one gate box (its function's name, its value) fed
// through its local partials; the stepper steps the gate; folded or not, every value and
// gradient is the same; the state is in the link.
import { test, expect } from "../fixtures";

const NEURON =
  "def sig(z) = 1/(1 + exp(-z))\nf = sig(w0*x0 + w1*x1 + w2)\nw0 = 2; x0 = -1; w1 = -3; x1 = -2; w2 = -3";
const SHARED =
  "def neuron(x, w, b) { s = x*w + b; return tanh(s) }\nf = neuron(x1, w, b1) + neuron(x2, w, b2)\nx1 = 0.5; x2 = -1; w = 0.8; b1 = 0.1; b2 = -0.2";

type App = import("../pages/app-page").AppPage;

/** Every drawn input's adjoint and the output's value, as exact strings. */
async function numbers(app: App): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const el of await app.graph.locator("g.node.input, g.node.output").all()) {
    const label = (await el.getAttribute("data-node")) ?? "?";
    out[`${label} value`] = await el.getAttribute("data-value");
    out[`${label} adjoint`] = await el.getAttribute("data-adjoint");
  }
  return out;
}

test("the sigmoid folds into one gate by its frame's label: the same gradient; the gate's step shows its own backward pass", async ({ app, page }) => {
  await app.openProgram(NEURON);
  await app.press("last");
  const unfolded = await numbers(app);
  const steps = await app.lastStep();
  const frame = app.graph.locator('g.cluster[data-cluster="sig#1"]');
  await expect(frame).toHaveAttribute("data-folded", "false");
  await expect(app.graph.locator('g.node[data-call="sig#1"]')).toHaveCount(4);
  await frame.locator(".cluster-label").click();
  await expect(frame).toHaveAttribute("data-folded", "true");
  // One box left of the four: the gate, labelled with the function, its value 0.7311.
  const gate = app.graph.locator('g.node[data-gate="sig#1"]');
  await expect(gate).toHaveCount(1);
  await expect(gate).toHaveAttribute("data-label", "f = sig");
  await expect(app.graph.locator('g.node[data-call="sig#1"]')).toHaveCount(1);
  expect(Number(await gate.getAttribute("data-value"))).toBeCloseTo(0.7311, 4);
  // Its one incoming edge carries the gate's local partial σ(1)(1 − σ(1)), shown.
  const edge = app.graph.locator('g.edge-group[data-gate="true"]');
  await expect(edge).toHaveCount(1);
  const s = 1 / (1 + Math.exp(-1));
  expect(Number(await edge.getAttribute("data-partial"))).toBeCloseTo(s * (1 - s), 12);
  await expect(edge.locator(".edge-partial")).toHaveText("0.1966");
  // Still at the end: every value and adjoint is the same, to the last digit; 6 steps fewer.
  expect(await numbers(app)).toEqual(unfolded);
  expect(await app.lastStep()).toBe(steps - 6);
  await expect(page).toHaveURL(/fold=sig%231/);
  // Back to the gate's contribution: the step panel shows sig's own backward pass.
  const inside = page.locator("[data-testid=gate-inside]");
  for (let k = 0; k < 12 && !((await inside.count()) > 0); k++) await app.press("back");
  await expect(inside.locator("summary")).toContainText("Inside sig#1: its own backward pass");
  await expect(inside.locator("li")).toHaveCount(4);
  await expect(app.equation).toHaveAttribute("title", /∂sig\/∂v₄ = 1 · 0\.1966/);
  await expect(app.rule).toContainText("the gate's local partial");
  await app.screenshot("folded-sig", 1280, 800);
  await app.screenshot("folded-sig", 1024, 768);
  // The link opens folded.
  await page.reload();
  await expect(app.graph.locator('g.cluster[data-cluster="sig#1"]')).toHaveAttribute("data-folded", "true");
  // ] unfolds everything: the four boxes are back.
  await page.locator("body").press("]");
  await expect(app.graph.locator('g.node[data-call="sig#1"]')).toHaveCount(4);
  await expect(app.graph.locator('g.cluster[data-cluster="sig#1"]')).toHaveAttribute("data-folded", "false");
});

test("fold all and [ fold both neurons; the shared weight still sums both gates; unfold all restores them", async ({ app, page }) => {
  await app.openProgram(SHARED);
  await app.press("last");
  const unfolded = await numbers(app);
  await page.locator("[data-testid=fold-all]").click();
  await expect(app.graph.locator('g.cluster[data-folded="true"]')).toHaveCount(2);
  await expect(app.graph.locator('g.edge-group[data-gate="true"]')).toHaveCount(6);
  expect(await numbers(app)).toEqual(unfolded);
  // Forward: the gate's value step shows the neuron's own forward pass (3 operations).
  await app.press("first");
  const inside = page.locator("[data-testid=gate-inside]");
  for (let k = 0; k < 12 && !((await inside.count()) > 0); k++) await app.press("next");
  await expect(inside.locator("summary")).toContainText("its own forward pass");
  await expect(inside.locator("li")).toHaveCount(3);
  await expect(app.equation).toHaveAttribute("title", /neuron\(/);
  await app.screenshot("folded-neurons", 1024, 768);
  // Forward mode over the folded gates: the same tangents as unfolded.
  await app.mode.selectOption("forward");
  await app.press("last");
  const folded = await app.graph.locator("g.node.output").getAttribute("data-tangent");
  await page.locator("[data-testid=unfold-all]").click();
  await expect(app.graph.locator('g.cluster[data-folded="true"]')).toHaveCount(0);
  await expect(app.graph.locator('g.edge-group[data-gate="true"]')).toHaveCount(0);
  await app.press("last");
  expect(await app.graph.locator("g.node.output").getAttribute("data-tangent")).toBe(folded);
  // [ folds them all again.
  await page.locator("body").press("[");
  await expect(app.graph.locator('g.cluster[data-folded="true"]')).toHaveCount(2);
  // Presented, dark, at the gate's backward step: the inside still shows under the equation.
  await app.mode.selectOption("reverse");
  await app.press("last");
  for (let k = 0; k < 12 && !((await inside.count()) > 0); k++) await app.press("back");
  await expect(inside.locator("summary")).toContainText("its own backward pass");
  await page.locator("[data-testid=presentation]").click();
  await page.locator("[data-testid=theme]").click();
  await expect(inside).toBeVisible();
  await app.screenshot("folded-present-dark", 1024, 768);
});
