// The seam between the core and the view: names stay names everywhere, a number edit
// keeps the elements, the 9,900-operation chain works, a panic leaves a way back.
import { readFileSync } from "node:fs";
import { test as bare } from "@playwright/test";
import { test, expect } from "../fixtures";
import { AppPage } from "../pages/app-page";
import { chain, network, setProgram } from "../programs";

const NAMES = "loss = xbar * ybar + x_1 + alpha * x_dot + v3; xbar = 2; ybar = 3; x_1 = 1; alpha = 0.5; x_dot = 4; v3 = 7";

test("a user's names render as names: graph, table, step panel, symbolic panel, narration, LaTeX", async ({ app, page }) => {
  await app.openProgram(NAMES);
  await expect(app.outputValue).toHaveText("16");
  const label = (id: string) => app.graph.locator(`g.node[data-node="${id}"]`).getAttribute("data-label");
  // Inputs in the order of first use: xbar, ybar, x_1, alpha, x_dot, v3.
  expect(await label("v-5")).toBe("xbar");
  expect(await label("v-3")).toBe("x₁");
  expect(await label("v-2")).toBe("α");
  expect(await label("v-1")).toBe("x_dot");
  expect(await label("v0")).toBe("v₃");
  await expect(app.trace.locator("tbody")).toContainText("xbar");
  await expect(app.trace.locator("tbody")).toContainText("α");
  // x̄₁ is x_1's adjoint; a bare x̄ would be xbar read as an accent.
  await expect(app.trace.locator("tbody")).not.toContainText(/x̄(?![₀-₉_])/);
  // The reverse pass: the seed is ∂loss/∂…, and the adjoint of xbar is xbar with a bar over it.
  await app.press("last");
  await expect(app.stepLabel).toContainText("Done: ∇loss = (3, 2, 1, 4, 0.5, 1)");
  await expect(app.graph.locator('g.node[data-node="v-5"] .node-adjoint')).toHaveText("x̅b̅a̅r̅ = 3");
  // 6 inputs and 5 operations: step 12 seeds the reverse pass with ∂loss/∂loss.
  await app.page.locator("[data-testid=scrubber]").fill("12");
  await expect(app.equation).toHaveAttribute("title", /= ∂loss\/∂/);
  await expect(page.locator("[data-testid=narration]")).toContainText("partial loss");
  // Every contribution: the equations name xbar, never x̄.
  const last = await app.lastStep();
  for (let k = 12; k < last; k++) {
    await app.press("next");
    const title = (await app.equation.getAttribute("title")) ?? "";
    expect(title).not.toMatch(/x̄(?![₀-₉_])/);
    if (title.startsWith("x̅b̅a̅r̅")) {
      expect(await app.equation.innerHTML()).toContain("<mi>xbar</mi>");
      await expect(page.locator("[data-testid=narration]")).toContainText("xbar bar");
    }
  }
  const symbolic = page.locator('[data-testid=symbolic] [data-input="xbar"]');
  await expect(symbolic).toContainText("∂loss/∂xbar");
  expect(await symbolic.locator(".symbolic-expr").innerHTML()).toContain("<mi>ybar</mi>");
  await page.locator(".exports summary").click();
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("[data-testid=export-latex]").click()]);
  const tex = readFileSync((await download.path())!, "utf8");
  expect(tex).toContain("$\\mathrm{xbar}$");
  expect(tex).toContain("$\\alpha$");
  expect(tex).toContain("$x_{\\mathrm{dot}}$");
  expect(tex).toContain("$x_{1}$");
});

test("a number edit on the 226-node network keeps every node's element", async ({ app, page }) => {
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(network())})`);
  await expect(app.graph.locator("g.node")).toHaveCount(226);
  await page.evaluate(() => {
    (window as any).kept = Array.from(document.querySelectorAll("svg[data-testid=graph] g.node"));
  });
  const before = await app.outputValue.getAttribute("data-value");
  await page.evaluate(`(${setProgram})(${JSON.stringify(network().replace("x0 = 0.5", "x0 = 0.75"))})`);
  await expect(app.outputValue).not.toHaveAttribute("data-value", before ?? "");
  const same = await page.evaluate(() => {
    const now = Array.from(document.querySelectorAll("svg[data-testid=graph] g.node"));
    const kept = (window as any).kept as Element[];
    return now.length === kept.length && now.every((el, i) => el === kept[i]);
  });
  expect(same).toBe(true);
  // The input's box shows its new value in place.
  await app.press("last");
  await expect(app.graph.locator('g.node[data-label="x₀"]')).toHaveAttribute("data-value", "0.75");
});

test("a jump on the 500-node chain shows the boxes in sight at once and brings the rest up to date after", async ({ app, page }) => {
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(chain(165))})`);
  await expect(app.graph.locator("g.node")).toHaveCount(500);
  await expect(page.locator("figure.graph.many")).toHaveCount(1);
  // In the frame of the click: the boxes in the panel's view are done, most others not yet.
  const split = await page.evaluate(
    () =>
      new Promise<{ seen: number; seenDone: number; unseenDone: number }>((res) =>
        requestAnimationFrame(() => {
          document.querySelector<HTMLButtonElement>("[data-testid=step-last]")!.click();
          const c = new MessageChannel();
          c.port1.onmessage = () => {
            const f = document.querySelector("figure.graph")!.getBoundingClientRect();
            let seen = 0, seenDone = 0, unseenDone = 0;
            for (const n of document.querySelectorAll("svg[data-testid=graph] g.node")) {
              const b = n.getBoundingClientRect();
              const inSight = b.bottom >= f.top && b.top <= f.bottom && b.right >= f.left && b.left <= f.right;
              const done = n.getAttribute("data-state") === "done";
              if (inSight) { seen++; seenDone += +done; } else unseenDone += +done;
            }
            res({ seen, seenDone, unseenDone });
          };
          c.port2.postMessage(0);
        }),
      ),
  );
  expect(split.seen).toBeGreaterThan(0);
  expect(split.seenDone).toBe(split.seen);
  expect(split.unseenDone).toBeLessThan(500 - split.seen);
  // A few frames later every box is done, with its value and adjoint.
  await expect(app.graph.locator('g.node[data-state="done"]')).toHaveCount(500);
  await expect(app.graph.locator("g.node.op:not([data-adjoint])")).toHaveCount(0);
  await expect(app.graph.locator("g.node.input:not([data-adjoint])")).toHaveCount(0);
});

test("the 9,900-operation chain loads, steps to the end and back, with no console error", async ({ app, page }) => {
  test.setTimeout(90_000);
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(chain(3300))})`);
  await expect(page.locator("[data-testid=big-graph]")).toBeVisible({ timeout: 30_000 });
  await expect(app.outputValue).not.toHaveText("10");
  await app.press("last");
  await expect(app.stepLabel).toContainText("Done: ∇a₃₃₀₁");
  const gradient = await app.gradientEntry("x").getAttribute("data-value");
  expect(Number(gradient)).toBeGreaterThan(1);
  await app.press("first");
  await expect(app.stepLabel).toContainText("Step 0/");
  for (let k = 0; k < 5; k++) await app.press("next");
  await expect(app.stepLabel).toContainText("Step 5/");
  await expect(app.trace.locator("tbody tr.current")).toHaveCount(1);
  // Only the rows in sight are in the DOM.
  expect(await app.trace.locator("tbody tr").count()).toBeLessThan(80);
  await app.screenshot("chain-9900", 1280, 800);
});

bare("a panic shows the program and a reload button instead of a dead page", async ({ page }) => {
  const app = new AppPage(page);
  await app.openProgram("f(x) = x^2; x = 3");
  await page.evaluate(() => {
    try {
      (window as any).wasmBindings.chainruleTestPanic();
    } catch {
      // The module aborts after the hook has drawn the message.
    }
  });
  const crash = page.locator("[data-testid=crash]");
  await expect(crash).toBeVisible();
  await expect(page.locator("[data-testid=crash-program]")).toHaveText("f(x) = x^2; x = 3");
  await page.locator("[data-testid=crash-reload]").click();
  await expect(app.program).toHaveValue("f(x) = x^2; x = 3");
  await expect(crash).toHaveCount(0);
});
