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

test("several outputs: each is drawn as an output; the page steps through the first", async ({ app }) => {
  await app.openProgram("f(x0, x1, x2) = [x0^2 + x1^2 - x1*x2, x0^2 - x1^2 + 3*x0*x2]\nx0 = 3; x1 = 4; x2 = 5");
  await expect(app.graph.locator("g.node.output")).toHaveCount(2);
  await expect(app.graph.locator('g.node.output[data-label="f₁"]')).toHaveCount(1);
  await expect(app.graph.locator('g.node.output[data-label="f₂"]')).toHaveCount(1);
  expect(await app.exactOutput()).toBe(5);
  await app.press("last");
  await expect(app.stepLabel).toContainText("Done: ∇f₁ = (6, 3, -4)");
});
