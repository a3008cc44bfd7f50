import { test, expect } from "../fixtures";

const PROGRAMS: Record<string, string> = {
  seed: "f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3",
  baydin: "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5",
  olah: "c = a + b; d = b + 1; e = c * d; a = 2; b = 1",
  mlp: [
    "# a 3-3-1 sigmoid MLP with squared loss",
    "h1 = sigmoid(w11*x1 + w12*x2 + w13*x3 + b1)",
    "h2 = sigmoid(w21*x1 + w22*x2 + w23*x3 + b2)",
    "h3 = sigmoid(w31*x1 + w32*x2 + w33*x3 + b3)",
    "o = sigmoid(u1*h1 + u2*h2 + u3*h3 + c)",
    "loss = (o - y)^2",
    "x1 = 0.5; x2 = -1; x3 = 2; y = 1",
    "w11 = 0.1; w12 = 0.2; w13 = -0.1; w21 = -0.3; w22 = 0.4; w23 = 0.2",
    "w31 = 0.5; w32 = -0.2; w33 = 0.1; b1 = 0; b2 = 0.1; b3 = -0.1",
    "u1 = 0.3; u2 = -0.6; u3 = 0.9; c = 0.05",
  ].join("\n"),
};

/** A program of about 200 nodes: a 3-16-1 tanh network with squared loss. */
function big(): string {
  const lines: string[] = [];
  const hidden: string[] = [];
  for (let i = 1; i <= 16; i++) {
    lines.push(`h${i} = tanh(a${i}*x1 + b${i}*x2 + c${i}*x3 + d${i})`);
    lines.push(`a${i} = ${(i % 5) / 10}; b${i} = -${(i % 3) / 10}; c${i} = ${(i % 7) / 20}; d${i} = 0.1`);
    hidden.push(`u${i}*h${i}`);
    lines.push(`u${i} = ${(i % 4) / 8}`);
  }
  lines.push(`o = ${hidden.join(" + ")}`);
  lines.push("loss = (o - y)^2");
  lines.push("x1 = 0.5; x2 = -1; x3 = 2; y = 1");
  return lines.join("\n");
}

test("draws one box per node and one curve per edge, flowing upwards", async ({ app }) => {
  await app.open();
  await app.typeProgram(PROGRAMS.baydin);
  const nodes = app.graph.locator("[data-node]");
  await expect(nodes).toHaveCount(7);
  await expect(app.graph.locator("path.edge")).toHaveCount(8);
  await expect(app.graph.locator('[data-node="v3"]')).toContainText("sin");
  // Every edge starts below where it ends (inputs at the bottom, output on top).
  const ends = await app.graph.locator("path.edge").evaluateAll((paths) =>
    (paths as SVGPathElement[]).map((p) => [p.getPointAtLength(0).y, p.getPointAtLength(p.getTotalLength()).y]),
  );
  expect(ends).toHaveLength(8);
  for (const [start, end] of ends) expect(start).toBeGreaterThan(end);
  await app.press("last");
  expect(Number(await app.graph.locator('[data-node="v5"]').getAttribute("data-value"))).toBeCloseTo(11.6520714552231, 12);
});

test("the drawing stays while the text is bad, dimmed", async ({ app }) => {
  await app.open();
  await app.program.press("End");
  await app.program.pressSequentially(" +");
  await expect(app.parseError).toBeVisible();
  await expect(app.graph).toHaveClass(/stale/);
  await expect(app.graph.locator("[data-node]")).toHaveCount(6);
});

test("adding a term keeps the other nodes in their order", async ({ app }) => {
  await app.open();
  await app.typeProgram(PROGRAMS.baydin);
  const x = async (id: string) => (await app.graph.locator(`[data-node="${id}"] rect`).boundingBox())!.x;
  const before = [await x("v-1"), await x("v0")];
  await app.program.press("End");
  await app.program.pressSequentially("; g = 1");
  await app.typeProgram("f(x1, x2) = ln(x1) + x1*x2 - sin(x2) + exp(x1); x1 = 2; x2 = 5");
  const after = [await x("v-1"), await x("v0")];
  expect(Math.sign(after[1] - after[0])).toBe(Math.sign(before[1] - before[0]));
});

for (const [name, program] of Object.entries({ ...PROGRAMS, big: big() })) {
  test(`screenshot: ${name}`, async ({ app, page }) => {
    await app.open();
    await app.program.fill(program);
    await expect(app.parseError).toHaveCount(0);
    await expect(app.graph.locator("[data-node]").first()).toBeVisible();
    await app.screenshot(`graph-${name}`, 1280, 800);
    await app.screenshot(`graph-${name}`, 1024, 768);
    expect(await page.locator("body").evaluate((b) => b.scrollHeight <= window.innerHeight + 1)).toBe(true);
  });
}

test("a drawing wider than the panel opens with its output in view", async ({ app, page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await app.open();
  await app.program.fill(big());
  await expect(app.parseError).toHaveCount(0);
  const panel = page.getByTestId("graph-panel");
  // It opens at a readable zoom (labels drawn), not shrunk to fit, and follows the step.
  const viewport = page.getByTestId("viewport");
  await expect.poll(async () => Number(await viewport.getAttribute("data-zoom"))).toBeGreaterThanOrEqual(0.8);
  await expect(page.getByTestId("follow")).toHaveAttribute("aria-pressed", "true");
  // The output is the top-most box; it is inside the panel.
  const boxes = await app.graph.locator("[data-node] rect").evaluateAll((rects) =>
    rects.map((r) => r.getBoundingClientRect()).map((b) => ({ x: b.x, y: b.y, w: b.width, h: b.height })),
  );
  const top = boxes.reduce((a, b) => (b.y < a.y ? b : a));
  const frame = (await panel.boundingBox())!;
  expect(top.x).toBeGreaterThanOrEqual(frame.x);
  expect(top.x + top.w).toBeLessThanOrEqual(frame.x + frame.width + 1);
  expect(top.y).toBeGreaterThanOrEqual(frame.y);
  // The page itself never scrolls sideways: the panel pans inside.
  expect(await panel.evaluate((f) => f.scrollWidth <= f.clientWidth)).toBe(true);
});
