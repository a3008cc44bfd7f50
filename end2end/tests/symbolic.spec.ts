// Manual and symbolic differentiation beside the graph: the rule at each step, SymPy-style
// derivatives, and expression swell.
import { test, expect } from "../fixtures";
import { network, setProgram } from "../programs";

const SEED = "f(x1, x2) = x1^2 + 2*x2; x1 = 2; x2 = 3";
const BAYDIN = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";

test("the seed's symbolic gradient is [2*x1, 2], then [4, 2] at the point", async ({ app }) => {
  await app.openProgram(SEED);
  await expect(app.symbolicEntry("x1")).toHaveAttribute("data-expr", "2*x1");
  await expect(app.symbolicEntry("x2")).toHaveAttribute("data-expr", "2");
  await expect(app.symbolicEntry("x1")).toHaveAttribute("data-value", "4");
  await expect(app.symbolicEntry("x2")).toHaveAttribute("data-value", "2");
  await expect(app.symbolicEntry("x1").locator("math msub")).toHaveCount(1);
});

test("Baydin's symbolic derivatives read like the textbook and equal autodiff's", async ({ app }) => {
  await app.openProgram(BAYDIN);
  await expect(app.symbolicEntry("x1")).toHaveAttribute("data-expr", "x2 + 1/x1");
  await expect(app.symbolicEntry("x2")).toHaveAttribute("data-expr", "x1 - cos(x2)");
  expect(await app.number(app.symbolicEntry("x2"), "data-value")).toBeCloseTo(1.71633781453677, 12);
  await app.press("last");
  for (const name of ["x1", "x2"]) {
    expect(await app.number(app.symbolicEntry(name), "data-value")).toBeCloseTo(
      await app.number(app.gradientEntry(name), "data-value"),
      12,
    );
  }
});

test("each reverse step names its rule with the numbers in", async ({ app }) => {
  await app.openProgram(BAYDIN);
  const seen: string[] = [];
  const last = await app.lastStep();
  for (let i = 0; i < last; i++) {
    await app.press("next");
    const rule = (await app.rule.getAttribute("title")) ?? "";
    if (rule) seen.push(rule);
  }
  expect(seen).toContain("product rule: ∂(x₁ · x₂)/∂x₂ = x₁ = 2");
  expect(seen).toContain("derivative of sin: ∂(sin(x₂))/∂x₂ = cos(x₂) = 0.2837");
  await app.press("first");
  await app.mode.selectOption("forward");
  await app.node("v2").click();
  await expect(app.rule).toHaveAttribute("title", "product rule: ∂(x₁ · x₂)/∂x₁ = x₂ = 5; product rule: ∂(x₁ · x₂)/∂x₂ = x₁ = 2");
  await expect(app.rule.locator("math")).toHaveCount(2);
});

test("expression swell: the built-in example's tree explodes while the DAG and trace stay small", async ({ app }) => {
  await app.openProgram(SEED);
  await app.page.locator("[data-testid=swell-example]").click();
  await expect(app.program).toHaveValue(/a10 = a9 \* sin\(a9\)/);
  const tree = Number(await app.swell.getAttribute("data-tree"));
  const dag = Number(await app.swell.getAttribute("data-dag"));
  const nodes = Number(await app.swell.getAttribute("data-trace-nodes"));
  expect(tree).toBeGreaterThan(1_000_000);
  expect(dag).toBeLessThan(200);
  expect(nodes).toBeLessThan(30);
  await expect(app.symbolicEntry("x")).toContainText("too large to print");
  await app.screenshot("symbolic-swell", 1280, 800);
  await app.screenshot("symbolic-swell", 1024, 768);
  await app.openProgram(BAYDIN);
  await app.press("last");
  await app.screenshot("symbolic-baydin", 1280, 800);
  await app.screenshot("symbolic-baydin", 1024, 768);
});

test("on the 226-node network: 16 derivatives until asked for all; a number edit keeps their MathML", async ({ app, page }) => {
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(network())})`);
  const items = page.locator("[data-testid=symbolic] li");
  await expect(items).toHaveCount(16);
  const all = page.getByTestId("symbolic-all");
  await expect(all).toHaveText(/Show all 83/);
  await all.click();
  await expect(items).toHaveCount(83);
  await all.click();
  await expect(items).toHaveCount(16);
  await page.evaluate(() => {
    (window as any).formulas = Array.from(document.querySelectorAll("[data-testid=symbolic] .symbolic-expr math"));
  });
  const before = await app.symbolicEntry("x0").getAttribute("data-value");
  await page.evaluate(`(${setProgram})(${JSON.stringify(network().replace("x1 = -1", "x1 = -0.5"))})`);
  await expect(app.symbolicEntry("x0")).not.toHaveAttribute("data-value", before ?? "");
  const kept = await page.evaluate(() => {
    const now = Array.from(document.querySelectorAll("[data-testid=symbolic] .symbolic-expr math"));
    const old = (window as any).formulas as Element[];
    return now.length > 0 && now.length === old.length && now.every((el, i) => el === old[i]);
  });
  expect(kept).toBe(true);
});
