// Big graphs and small screens (issue 17): pan and zoom as one transform, fit, drag, pinch,
// follow the step, the minimap, the view in the link, swipes, long gradients, and the page
// at phone and tablet sizes.
import { test, expect } from "../fixtures";
import { network, setProgram } from "../programs";

const BAYDIN = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";

/** The viewport's translation and scale, from its transform attribute. */
async function view(page: import("@playwright/test").Page) {
  const t = (await page.getByTestId("viewport").getAttribute("transform"))!;
  const m = /translate\(([-\d.]+) ([-\d.]+)\) scale\(([-\d.]+)\)/.exec(t)!;
  return { x: Number(m[1]), y: Number(m[2]), zoom: Number(m[3]) };
}

/** The screen centre of a node's box. */
async function centre(page: import("@playwright/test").Page, id: string) {
  const b = (await page.locator(`[data-testid=graph] g.node[data-node="${id}"] rect`).boundingBox())!;
  return { x: b.x + b.width / 2, y: b.y + b.height / 2 };
}

/** Every drawn box inside the panel (within 1 px). */
async function allInside(page: import("@playwright/test").Page) {
  return page.evaluate(() => {
    const p = document.querySelector("[data-testid=graph-panel]")!.getBoundingClientRect();
    return [...document.querySelectorAll("[data-testid=graph] g.node rect")].every((r) => {
      const b = r.getBoundingClientRect();
      return b.left >= p.left - 1 && b.top >= p.top - 1 && b.right <= p.right + 1 && b.bottom <= p.bottom + 1;
    });
  });
}

test("wheel zoom keeps the point under the pointer; 0 fits; a drag pans and does not click", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await expect.poll(() => allInside(page)).toBe(true);
  const before = await centre(page, "v-1");
  const z0 = (await view(page)).zoom;
  await page.mouse.move(before.x, before.y);
  await page.mouse.wheel(0, -300);
  await expect.poll(async () => (await view(page)).zoom).toBeGreaterThan(z0 * 1.5);
  const after = await centre(page, "v-1");
  expect(Math.abs(after.x - before.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(after.y - before.y)).toBeLessThanOrEqual(1);
  expect(await allInside(page)).toBe(false);
  // 0 fits the whole graph inside the panel again.
  await page.keyboard.press("0");
  await expect.poll(() => allInside(page)).toBe(true);
  // The buttons zoom about the centre.
  await page.getByTestId("zoom-in").click();
  expect((await view(page)).zoom).toBeCloseTo(z0 * 1.25, 3);
  await page.getByTestId("zoom-out").click();
  expect((await view(page)).zoom).toBeCloseTo(z0, 3);
  // A drag that starts on a node pans by exactly the drag, and is not a click on it.
  const step = await app.step();
  const v = await view(page);
  const start = await centre(page, "v3");
  await page.mouse.move(start.x, start.y);
  await page.mouse.down();
  await page.mouse.move(start.x + 60, start.y + 20, { steps: 5 });
  await page.mouse.move(start.x + 100, start.y + 40, { steps: 5 });
  await page.mouse.up();
  const w = await view(page);
  expect(Math.abs(w.x - v.x - 100)).toBeLessThanOrEqual(1);
  expect(Math.abs(w.y - v.y - 40)).toBeLessThanOrEqual(1);
  expect(await app.step()).toBe(step);
  // A click (no drag) on a node still jumps to its step.
  const c = await centre(page, "v3");
  await page.mouse.click(c.x, c.y);
  await expect.poll(() => app.step()).not.toBe(step);
  // Double click zooms in about the point.
  const z1 = (await view(page)).zoom;
  await page.mouse.dblclick(c.x + 200, c.y + 5);
  expect((await view(page)).zoom).toBeGreaterThan(z1 * 1.9);
});

test("the view is in the link and comes back on reload", async ({ app, page }) => {
  await app.openProgram(BAYDIN);
  await page.getByTestId("zoom-in").click();
  await expect(page).toHaveURL(/&view=/);
  const first = page.url();
  await page.getByTestId("zoom-in").click();
  const v = await view(page);
  // The link is written after the view moves: wait for the second zoom to reach it.
  await expect.poll(() => page.url()).not.toBe(first);
  await page.reload();
  await expect(app.outputValue).toBeVisible();
  await expect.poll(async () => (await view(page)).zoom).toBeCloseTo(v.zoom, 3);
  const w = await view(page);
  expect(Math.abs(w.x - v.x)).toBeLessThanOrEqual(1);
  expect(Math.abs(w.y - v.y)).toBeLessThanOrEqual(1);
});

test("follow keeps the active node in the panel at every step of the 226-node network's forward pass; the minimap shows the view", async ({ app, page }) => {
  test.setTimeout(120_000);
  await page.emulateMedia({ reducedMotion: "reduce" });
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(network())})`);
  await expect(page.getByTestId("follow")).toHaveAttribute("aria-pressed", "true");
  await expect(page.getByTestId("minimap")).toBeVisible();
  const outside = await page.evaluate(async () => {
    const frame = () => new Promise((res) => requestAnimationFrame(res));
    const panel = document.querySelector("[data-testid=graph-panel]")!.getBoundingClientRect();
    const bad: number[] = [];
    for (let k = 1; k <= 226; k++) {
      document.querySelector<HTMLButtonElement>("[data-testid=step-next]")!.click();
      await frame();
      await frame();
      const r = document.querySelector("[data-testid=graph] g.node.active rect")?.getBoundingClientRect();
      if (!r || r.left < panel.left || r.right > panel.right || r.top < panel.top || r.bottom > panel.bottom) bad.push(k);
    }
    return bad;
  });
  expect(outside).toEqual([]);
  await app.screenshot("network-follow", 1280, 800);
  // Stepping back returns to the view follow chose for that step.
  const at = await view(page);
  await app.press("next");
  await app.press("back");
  await expect.poll(async () => (await view(page)).x).toBeCloseTo(at.x, 1);
  // Done: the label writes out the first entries of the 83, not all of them.
  await app.press("last");
  await expect(app.stepLabel).toContainText("…), 83 entries, all in the gradient readout");
  // It opens zoomed on its output, at the three sizes the issue names.
  for (const [w, h] of [[390, 844], [768, 1024], [1024, 768]]) {
    await page.setViewportSize({ width: w, height: h });
    // A fresh page at step 0 (not the stored session, which is at its last step).
    await page.goto("about:blank");
    await app.openProgram(network());
    await expect(app.graph.locator("g.node.output")).toBeInViewport();
    await app.screenshot("network-output", w, h);
  }
});

test.describe("touch", () => {
  test.use({ hasTouch: true });

  test("two fingers pinch-zoom the graph; a swipe on the step panel steps", async ({ app, page }) => {
    await app.openProgram(BAYDIN);
    const panel = (await page.getByTestId("graph-panel").boundingBox())!;
    const cx = panel.x + panel.width / 2;
    const cy = panel.y + panel.height / 2;
    const z0 = (await view(page)).zoom;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type: string, pts: [number, number][]) =>
      cdp.send("Input.dispatchTouchEvent", { type, touchPoints: pts.map(([x, y], id) => ({ x, y, id })) });
    await touch("touchStart", [[cx - 40, cy], [cx + 40, cy]]);
    for (let d = 50; d <= 80; d += 10) await touch("touchMove", [[cx - d, cy], [cx + d, cy]]);
    await touch("touchEnd", []);
    expect((await view(page)).zoom).toBeCloseTo(z0 * 2, 1);
    // Swipe left on the step panel: the next step; right: back.
    const sp = (await page.getByTestId("step-panel").boundingBox())!;
    const y = sp.y + sp.height / 2;
    const swipe = async (from: number, to: number) => {
      await touch("touchStart", [[from, y]]);
      for (let k = 1; k <= 5; k++) await touch("touchMove", [[from + ((to - from) * k) / 5, y]]);
      await touch("touchEnd", []);
    };
    await swipe(sp.x + sp.width - 40, sp.x + 40);
    await expect.poll(() => app.step()).toBe(1);
    await swipe(sp.x + sp.width - 40, sp.x + 40);
    await expect.poll(() => app.step()).toBe(2);
    await swipe(sp.x + 40, sp.x + sp.width - 40);
    await expect.poll(() => app.step()).toBe(1);
  });
});

test("a long gradient shows its first 16 entries, all on request, and finds an input by name", async ({ app, page }) => {
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(network())})`);
  const g = page.getByTestId("gradient");
  await expect(g.locator("output[data-input], .unknown")).toHaveCount(16);
  await expect(g.getByTestId("show-all")).toHaveText("show all (83)");
  await g.getByTestId("show-all").click();
  await expect(g.locator("li:not(.gradient-more)")).toHaveCount(83);
  await g.getByTestId("show-all").click();
  await g.getByTestId("gradient-find").fill("w12_");
  await expect(g.locator("li:not(.gradient-more)")).toHaveCount(3);
});

for (const [w, h] of [[390, 844], [768, 1024], [1024, 768]]) {
  test(`at ${w}x${h} no preset makes the page scroll sideways, and the step label wraps`, async ({ app, page }) => {
    test.setTimeout(90_000);
    await page.setViewportSize({ width: w, height: h });
    await app.open();
    const ids = await page.locator("[data-testid=presets] [data-preset]").evaluateAll((els) => els.map((e) => e.getAttribute("data-preset")!));
    expect(ids.length).toBeGreaterThan(15);
    for (const id of ids) {
      await page.locator("[data-testid=presets]").selectOption(id);
      await app.press("last");
      const wide = await page.evaluate(() => document.scrollingElement!.scrollWidth - window.innerWidth);
      expect(wide, id).toBeLessThanOrEqual(0);
      // The step label is whole: it wraps rather than ending in an ellipsis.
      const cut = await app.stepLabel.evaluate((el) => el.scrollWidth > el.clientWidth + 1);
      expect(cut, id).toBe(false);
    }
    await page.locator("[data-testid=presets]").selectOption("baydin");
    await app.press("last");
    for (let k = 0; k < 4; k++) await app.press("back");
    await app.screenshot("baydin-mid-reverse", w, h);
  });
}

test("on a phone the stage comes first and tabs choose the panels that follow; the step buttons stay at the bottom", async ({ app, page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await app.openProgram(BAYDIN);
  const stage = (await page.locator(".stage").boundingBox())!;
  const tabs = page.locator(".phone-tabs");
  await expect(tabs).toBeVisible();
  expect((await tabs.boundingBox())!.y).toBeGreaterThan(stage.y);
  // Program: the editor and the gradient; the table and the derivatives' panels hidden.
  await expect(app.program).toBeVisible();
  await expect(page.locator(".trace-wrap")).toBeHidden();
  await page.getByTestId("tab-table").click();
  await expect(page.locator(".trace-wrap")).toBeVisible();
  await expect(app.program).toBeHidden();
  await page.getByTestId("tab-more").click();
  await expect(page.locator(".symbolic-panel")).toBeVisible();
  await expect(page.locator(".paths-panel")).toBeVisible();
  await expect(page.getByTestId("hessian-toggle")).toBeVisible();
  await expect(app.program).toBeHidden();
  // The step buttons are fixed at the bottom in every tab, within thumb reach.
  const next = (await page.getByTestId("step-next").boundingBox())!;
  expect(next.y + next.height).toBeGreaterThan(844 - 80);
  expect(next.height).toBeGreaterThanOrEqual(44);
  await page.getByTestId("step-next").click();
  expect(await app.step()).toBe(1);
  await page.getByTestId("tab-program").click();
  await expect(app.program).toBeVisible();
  await app.screenshot("phone-tabs", 390, 844);
  // On a desktop there are no tabs and everything shows.
  await page.setViewportSize({ width: 1280, height: 800 });
  await expect(tabs).toBeHidden();
  await expect(page.locator(".trace-wrap")).toBeVisible();
  await expect(app.program).toBeVisible();
});

test("the paths panel shows 16 of the network's input buttons until asked for all", async ({ app, page }) => {
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(network())})`);
  const buttons = page.locator(".path-inputs [data-path-input]");
  await expect(buttons).toHaveCount(16);
  await page.getByTestId("paths-show-all").click();
  await expect(buttons).toHaveCount(83);
});
