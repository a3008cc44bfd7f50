// The table: a keystroke until the new output value is in the DOM and the frame
// that shows it is painted, and a step (click to painted frame), measured as
// ../shared/reference/measuring.md says: the frame's work from the start of the frame that
// shows the change to the end of its rendering; median of at least 15 runs, alternating
// two edits so that every run changes the value. Run alone (the "perf" project).
import { test, expect } from "../fixtures";
import { chain, network, setProgram } from "../programs";

test.describe.configure({ mode: "serial" });

const BAYDIN = "f(x1, x2) = ln(x1) + x1*x2 - sin(x2); x1 = 2; x2 = 5";

/** Median and worst of the frame work and latency of `runs` edits alternating a and b. */
async function keystrokes(page: any, a: string, b: string, runs = 17) {
  return page.evaluate(
    async ([a, b, runs]: [string, string, number]) => {
      const ta = document.querySelector("textarea[data-testid=program]") as HTMLTextAreaElement;
      const out = () => document.querySelector("[data-testid=output-value]")?.getAttribute("data-value");
      const afterPaint = () =>
        new Promise<number>((r) => {
          const c = new MessageChannel();
          c.port1.onmessage = () => r(performance.now());
          c.port2.postMessage(0);
        });
      const one = async (next: string) => {
        const before = out();
        const t0 = performance.now();
        ta.value = next;
        ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertText" }));
        for (;;) {
          const frameStart = await new Promise<number>((r) => requestAnimationFrame(r));
          if (out() !== before) {
            const t1 = await afterPaint();
            return { work: t1 - frameStart, latency: t1 - t0 };
          }
        }
      };
      await one(b);
      await one(a);
      const samples = [];
      for (let i = 0; i < runs; i++) samples.push(await one(i % 2 ? a : b));
      const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
      return {
        work: med(samples.map((s) => s.work)),
        latency: med(samples.map((s) => s.latency)),
        worst: Math.max(...samples.map((s) => s.work)),
      };
    },
    [a, b, runs],
  );
}

function report(name: string, r: { work: number; latency: number; worst: number }, target: number) {
  console.log(
    `keystroke ${name}: frame work median ${r.work.toFixed(1)} ms (worst ${r.worst.toFixed(1)}), ` +
      `input to painted ${r.latency.toFixed(1)} ms; target <= ${target} ms`,
  );
}

test("keystrokes, to the painted frame", async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open();
  const cases: [string, string, string, number][] = [
    ["Baydin, a number edited", BAYDIN, BAYDIN.replace("x2 = 5", "x2 = 5.5"), 8],
    ["226-node network, a number edited", network(), network().replace("x0 = 0.5", "x0 = 0.55"), 16],
    [
      "226-node network, a new term typed (the shape changes)",
      network(),
      network().replace("f = v0*h0", "f = x0*x1 + v0*h0"),
      50,
    ],
    ["1,000 nodes (chain, 330 lines), a number edited", chain(330), chain(330).replace("x = 0.5", "x = 0.55"), 100],
  ];
  const results = [];
  for (const [name, a, b, target] of cases) {
    await page.evaluate(`(${setProgram})(${JSON.stringify(a)})`);
    await expect(app.outputValue).not.toHaveText("10");
    const r = await keystrokes(page, a, b);
    report(name, r, target);
    results.push([r.work, target]);
  }
  // Fails only far past the target (a shared machine's noise is not a regression).
  for (const [work, target] of results) expect(work).toBeLessThan(3 * target);
});

// The chain of issue 12, and the same recurrence written as a loop (issue 13): unrolled, it
// is as big (9,901 nodes), and every node also says which pass made it.
const LOOP = "a = x\nb = x\nfor i in 0..3300 {\n  c = sin(a)*x + b\n  b = a\n  a = c\n}\nf = a\nx = 0.5";
for (const [name, src] of [["chain", chain(3300)], ["loop", LOOP]]) test(`the 9,900-operation ${name}: first render, then no long task while stepping`, async ({ app, page }) => {
  test.setTimeout(180_000);
  await app.open();
  await page.evaluate(() => {
    (window as any).longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) (window as any).longTasks.push(e.duration);
    }).observe({ type: "longtask", buffered: false });
  });
  const first = await page.evaluate(async ([set, src]) => {
    const t0 = performance.now();
    eval(set)(src);
    for (;;) {
      await new Promise((r) => requestAnimationFrame(r));
      if (document.querySelector("[data-testid=big-lit]") && document.querySelector("[data-testid=output-value]")?.textContent !== "10") {
        await new Promise((r) => setTimeout(r, 0));
        return performance.now() - t0;
      }
    }
  }, [setProgram, src] as const);
  await page.waitForTimeout(500);
  await page.evaluate(() => ((window as any).longTasks = []));
  await app.press("last");
  await expect(app.stepLabel).toContainText("Done");
  await app.press("first");
  await expect(app.stepLabel).toContainText("Step 0/");
  for (let i = 0; i < 10; i++) await app.press("next");
  await expect(app.stepLabel).toContainText("Step 10/");
  await page.waitForTimeout(300);
  const tasks: number[] = await page.evaluate(() => (window as any).longTasks);
  const worst = Math.max(0, ...tasks);
  console.log(
    `9,900 operations (${name}): first render ${first.toFixed(0)} ms (target <= 2000); while stepping to the end, back ` +
      `to the start and 10 steps: ${tasks.length} tasks over 50 ms, the longest ${worst.toFixed(0)} ms (target <= 200)`,
  );
  expect(first).toBeLessThan(6000);
  expect(worst).toBeLessThan(600);
});

test("stepping at 500 nodes, to the painted frame; the jump to the last step", async ({ app, page }) => {
  test.setTimeout(120_000);
  await app.open();
  await page.evaluate(`(${setProgram})(${JSON.stringify(chain(165))})`);
  await expect(app.graph.locator("g.node")).toHaveCount(500);
  const r = await page.evaluate(async () => {
    const stepFrameWork = (sel: string) =>
      new Promise<number>((res) =>
        requestAnimationFrame((start) => {
          document.querySelector<HTMLButtonElement>(sel)!.click();
          const c = new MessageChannel();
          c.port1.onmessage = () => res(performance.now() - start);
          c.port2.postMessage(0);
        }),
      );
    const settle = () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
    const steps: number[] = [];
    for (let i = 0; i < 30; i++) {
      steps.push(await stepFrameWork("[data-testid=step-next]"));
      await settle();
    }
    const jumps: number[] = [];
    for (let i = 0; i < 15; i++) {
      jumps.push(await stepFrameWork("[data-testid=step-last]"));
      await settle();
      await stepFrameWork("[data-testid=step-first]");
      await settle();
    }
    const med = (xs: number[]) => [...xs].sort((p, q) => p - q)[Math.floor(xs.length / 2)];
    return { step: med(steps), jump: med(jumps) };
  });
  console.log(
    `500 nodes: a step ${r.step.toFixed(1)} ms (target <= 16), the jump to the last step ${r.jump.toFixed(1)} ms (target <= 16), median to the painted frame`,
  );
  expect(r.step).toBeLessThan(48);
  expect(r.jump).toBeLessThan(300);
});
