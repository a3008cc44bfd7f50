// Programs, not just formulas (issue 13): reassignment, loops and branches unrolled into
// the graph, each version and pass visible; errors in the new syntax keep the last graph.
import { test, expect } from "../fixtures";
import { setProgram } from "../programs";

const LOGISTIC = "v = x\nfor i in 0..3 {\n  v = 4*v*(1 - v)\n}\nx = 0.2";
const MICROGRAD =
  "a = -4\nb = 2\nc = a + b\nd = a * b + b**3\nc += c + 1\nc += 1 + c + (-a)\nd += d * 2 + relu(b + a)\n" +
  "d += 3 * d + relu(b - a)\ne = c - d\nf = e**2\ng = f / 2.0\ng += 10.0 / f";

test("a loop unrolls: each pass's nodes say which pass, the step label too", async ({ app, page }) => {
  await app.openProgram(LOGISTIC);
  expect(await app.exactOutput()).toBeCloseTo(0.28901376, 9);
  // The gradient is read out once the reverse pass is done.
  await app.press("last");
  expect(await app.number(app.gradientEntry("x"), "data-value")).toBeCloseTo(9.0660864, 9);
  await app.press("first");
  // v's versions: v (= x, the input's node), then v⁽²⁾, v⁽³⁾, v⁽⁴⁾, one per pass.
  const versions = app.graph.locator('g.node[data-version="2"], g.node[data-version="3"], g.node[data-version="4"]');
  await expect(versions).toHaveCount(3);
  for (const [version, pass] of [["2", "0"], ["3", "1"], ["4", "2"]]) {
    const node = app.graph.locator(`g.node[data-version="${version}"]`);
    await expect(node).toHaveAttribute("data-label", `v⁽${"²³⁴"[Number(version) - 2]}⁾`);
    await expect(node).toHaveAttribute("data-iteration", pass);
    await expect(node.locator(".node-label")).toContainText(`i = ${pass}`);
    await expect(node.locator("title")).toContainText(`loop i = ${pass}`);
  }
  // Nodes outside the loop say nothing about passes.
  await expect(app.graph.locator('g.node.input')).toHaveAttribute("data-iteration", "");
  // The trace table lists them in execution order, each with its pass.
  const rows = app.trace.locator("tbody tr[data-iteration]:not([data-iteration=''])");
  await expect(rows.first()).toHaveAttribute("data-iteration", "0");
  await expect(rows.last()).toHaveAttribute("data-iteration", "2");
  await expect(rows.last().locator(".pass")).toHaveText("i = 2");
  // Stepping: the forward pass says which pass it is in.
  const labels: string[] = [];
  const last = await app.lastStep();
  for (let k = 0; k < last; k++) {
    await app.press("next");
    labels.push((await app.stepLabel.textContent()) ?? "");
  }
  expect(labels.some((l) => /Forward pass \d+\/\d+ · loop i = 1/.test(l))).toBe(true);
  expect(labels.some((l) => /Reverse pass \d+\/\d+.* · loop i = 0/.test(l))).toBe(true);
  // The symbolic panel says it differentiates the program as it ran.
  await expect(page.locator("[data-testid=symbolic-unrolled]")).toContainText("loops unrolled (3 passes)");
  await app.screenshot("program-logistic-map", 1280, 800);
});

test("micrograd's README program: reassigned names are versions, the gradient as published", async ({ app }) => {
  await app.openProgram(MICROGRAD);
  expect(await app.exactOutput()).toBeCloseTo(24.7041, 4);
  await app.press("last");
  expect(await app.number(app.gradientEntry("a"), "data-value")).toBeCloseTo(138.8338, 4);
  expect(await app.number(app.gradientEntry("b"), "data-value")).toBeCloseTo(645.5773, 4);
  for (const label of ["c", "c⁽²⁾", "c⁽³⁾", "d⁽³⁾", "g⁽²⁾"]) {
    await expect(app.graph.locator(`g.node[data-label="${label}"]`)).toHaveCount(1);
  }
  // g⁽²⁾ is the output.
  await expect(app.stepLabel).toContainText("Done: ∇g = (138.8, 645.6)");
  await app.screenshot("program-micrograd", 1024, 768);
});

test("a branch: only the taken one is in the graph, and it switches with the point", async ({ app, page }) => {
  const relu = (x: number) => `if x > 0 {\n  y = x\n} else {\n  y = 0\n}\nf = 3*y + 2*relu(x)\nx = ${x}`;
  await app.openProgram(relu(1.5));
  await app.press("last");
  expect(await app.number(app.gradientEntry("x"), "data-value")).toBe(5);
  await app.program.fill(relu(-1.5));
  await expect(app.outputValue).toHaveAttribute("data-value", "0");
  await app.press("last");
  expect(await app.number(app.gradientEntry("x"), "data-value")).toBe(0);
  await expect(page.locator("[data-testid=symbolic-unrolled]")).toContainText("branches as taken");
});

test("errors in the new syntax point at their cause and keep the last good graph", async ({ app }) => {
  await app.openProgram(LOGISTIC);
  const nodes = await app.graph.locator("g.node").count();
  const cases: [string, string][] = [
    ["v = x\nfor i in 0..3 {\n  v = 4*v*(1 - v)\nx = 0.2", "this '{' is not closed"],
    ["v = x\nfor i in 0..2.5 { v = v*x }\nx = 0.2", "not a whole number"],
    ["v = x\nwhile v > 0 { v = v + 1 }\nx = 0.2", "more than 10000 operations"],
    ["v = x < 3\nx = 0.2", "a comparison is a condition, not a number"],
  ];
  for (const [text, message] of cases) {
    await app.program.fill(text);
    await expect(app.parseError).toContainText(message);
    await expect(app.parseError).toContainText("^");
    await expect(app.graph.locator("g.node")).toHaveCount(nodes);
    await expect(app.program).toHaveValue(text);
  }
});

test("decisions are nodes: dashed edges, no gradient, and the step panel says which branch", async ({ app, page }) => {
  const D2L = "b = a * 2\nwhile abs(b) < 1000 {\n  b = b * 2\n}\nif b > 0 {\n  c = b + 1\n} else {\n  c = 100 * b\n}\na = 1";
  await app.openProgram(D2L);
  const conds = app.graph.locator("g.node[data-op=cond]");
  await expect(conds).toHaveCount(11);
  await expect(conds.last()).toHaveAttribute("data-label", "b > 0");
  await expect(conds.last().locator(".node-detail")).toHaveText("cond · true");
  const control = app.graph.locator("g.edge-group[data-kind=control]");
  expect(await control.count()).toBeGreaterThan(10);
  // No partial is ever shown on a control edge, not even at the end of the reverse pass.
  await app.press("last");
  for (const e of await control.all()) expect(await e.getAttribute("data-partial")).toBeNull();
  expect(await app.number(app.gradientEntry("a"), "data-value")).toBe(1024);
  // Stepping onto c (made in the branch taken): the panel names the decision.
  await app.press("first");
  const last = await app.lastStep();
  let note = "";
  for (let k = 0; k < last && !note.includes("b > 0"); k++) {
    await app.press("next");
    const n = page.locator("[data-testid=branch-note]");
    note = (await n.count()) ? ((await n.textContent()) ?? "") : "";
  }
  expect(note).toContain("is in the branch taken: b > 0 holds at this point");
  expect(note).toContain("contributes nothing to the gradient here");
  await app.screenshot("program-d2l", 1280, 800);
  await app.screenshot("program-d2l", 1024, 768);
});

test("a loop unrolled to 9,900 operations loads, steps to the end and back, with no console error", async ({ app, page }) => {
  test.setTimeout(90_000);
  const LOOP = "a = x\nb = x\nfor i in 0..3300 {\n  c = sin(a)*x + b\n  b = a\n  a = c\n}\nf = a\nx = 0.5";
  await app.open();
  const t0 = Date.now();
  await page.evaluate(`(${setProgram})(${JSON.stringify(LOOP)})`);
  await expect(page.locator("[data-testid=big-graph]")).toBeVisible({ timeout: 30_000 });
  await expect(app.outputValue).toHaveAttribute("data-value", /^2\.4783086390/);
  // (natively 2.478308639036759: the page's libm rounds sin differently in the last bit,
  // and 3,300 passes carry that to the 12th digit)
  console.log(`a 9,900-operation loop: first render ${Date.now() - t0} ms`);
  await app.press("last");
  await expect(app.stepLabel).toContainText("Done: ∇f");
  expect(await app.number(app.gradientEntry("x"), "data-value")).toBeCloseTo(-1373.501076, 3);
  await app.press("first");
  for (let k = 0; k < 5; k++) await app.press("next");
  await expect(app.stepLabel).toContainText("Step 5/");
  await expect(app.stepLabel).toContainText(/· loop i = \d/);
  // One pass more than the limit allows: the error points at the loop, the graph stays.
  await page.evaluate(`(${setProgram})(${JSON.stringify(LOOP.replace("3300", "3400"))})`);
  await expect(app.parseError).toContainText("stopped at i = 3333", { timeout: 20_000 });
  await expect(page.locator("[data-testid=big-graph]")).toBeVisible();
});
