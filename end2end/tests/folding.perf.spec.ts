// Folding at size (issue 14): "Fold all" and "Unfold all", click to painted frame, on the
// 3-16-1 network written with a neuron function (16 calls) and on 330 calls in a row (992
// nodes); at the 9,900-operation limit (3,300 calls) the time to the painted frame once.
// Run alone (the "perf" project).
import { test, expect } from "../fixtures";
import { calls, neurons, setProgram } from "../programs";

test.describe.configure({ mode: "serial" });

/** Median and worst of `runs` fold-all / unfold-all clicks, each to the painted frame. */
async function foldClicks(page: any, runs: number) {
  return page.evaluate(async (runs: number) => {
    const afterPaint = () =>
      new Promise<number>((r) => {
        const c = new MessageChannel();
        c.port1.onmessage = () => r(performance.now());
        c.port2.postMessage(0);
      });
    const click = (id: string, folded: number) =>
      new Promise<number>((res) =>
        requestAnimationFrame(async () => {
          const t0 = performance.now();
          document.querySelector<HTMLButtonElement>(`[data-testid=${id}]`)!.click();
          for (;;) {
            if (document.querySelectorAll('g.cluster[data-folded="true"]').length === folded) break;
            await new Promise((r) => requestAnimationFrame(r));
          }
          res((await afterPaint()) - t0);
        }),
      );
    const all = () => document.querySelectorAll("g.cluster").length;
    const n = all();
    const fold: number[] = [];
    const unfold: number[] = [];
    for (let i = 0; i < runs; i++) {
      fold.push(await click("fold-all", n));
      unfold.push(await click("unfold-all", 0));
    }
    const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
    return { n, fold: med(fold), unfold: med(unfold), worst: Math.max(...fold, ...unfold) };
  }, runs);
}

for (const [name, src, nodes] of [
  ["the network as 16 neurons", neurons(), 226],
  ["330 calls in a row", calls(330), 992],
] as const) {
  test(`fold all and unfold all on ${name}, to the painted frame`, async ({ app, page }) => {
    test.setTimeout(120_000);
    await app.open();
    await page.evaluate(`(${setProgram})(${JSON.stringify(src)})`);
    await expect(app.graph.locator("g.node")).toHaveCount(nodes);
    await app.press("last");
    const r = await foldClicks(page, 7);
    console.log(
      `folding ${name} (${nodes} nodes, ${r.n} calls): fold all ${r.fold.toFixed(0)} ms, unfold all ` +
        `${r.unfold.toFixed(0)} ms, worst ${r.worst.toFixed(0)} ms (median of 7, click to painted frame)`,
    );
    expect(r.n).toBeGreaterThan(0);
    expect(r.worst).toBeLessThan(3000);
  });
}

test("fold all at the 9,900-operation limit (3,300 calls), to the painted frame", async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(calls(3300))})`);
  await expect(app.page.locator("[data-testid=graph-panel]")).toHaveAttribute("data-simplified", "true", { timeout: 60_000 });
  await expect(app.page.locator("[data-testid=fold-all]")).toBeVisible();
  const ms = await page.evaluate(async () => {
    const last = () => /Step \d+\/(\d+)/.exec(document.querySelector("[data-testid=step-label]")?.textContent ?? "")?.[1];
    const before = last();
    const t0 = performance.now();
    document.querySelector<HTMLButtonElement>("[data-testid=fold-all]")!.click();
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      if (last() !== before) break;
    }
    await new Promise((r) => {
      const c = new MessageChannel();
      c.port1.onmessage = r;
      c.port2.postMessage(0);
    });
    return performance.now() - t0;
  });
  console.log(`folding 3,300 calls (9,902 nodes into 3,302 boxes, still drawn simplified): fold all ${ms.toFixed(0)} ms to the painted frame`);
  expect(ms).toBeLessThan(10_000);
});
