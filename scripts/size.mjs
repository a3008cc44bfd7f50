// Prints the release build's transfer size (raw, gzip -9, brotli q11) per asset and in
// total. Issue 2's target for the page (wasm + js + css) is 150 KB brotli; the stepper,
// symbolic panel and class tools (issues 5-7) took it to about 218 KB, so the target is
// reported as missed and the test fails only past a ceiling (a regression guard; a build in
// a longer checkout path embeds longer panic-location paths: about +2 KB). Issue 12 (the
// keyed, in-place view, the simplified drawing of big graphs, the virtual trace table and
// the panic page) took it from 228 to 251 KB against its aim of under 228: missed, and the
// ceiling moved to 255 KB; its second session (the cursor model, the deferred drawing, the
// symbolic panel's stable list) to 256.4 KB, and the ceiling to 260 KB. Issue 13 (programs:
// statements, loops, branches, conditions and the runner that unrolls them; versions and
// passes in the view, decisions as nodes) added 15.9 KB: 272.7 KB; the first parts of issue 14
// (functions inlined at their calls, several outputs) 6.5 KB more: 279.2 KB, and the ceiling
// moved to 282 KB; its passes (a pass per input or output, seed vectors, the Jacobian panel,
// the seed controls) 10.5 KB more: 289.8 KB; the calls' frames with their gates' partials
// and several outputs in the symbolic panel, checks and LaTeX, 6.9 KB more: 296.7 KB,
// ceiling 300 KB (a clean clone measured 297.5 KB: its checkout path is embedded in panic
// locations, so a clone in a longer path measures more). Folding calls into gates (the folded
// wiring, drawing and lesson, the gate's step views, the fold controls and link) 9.4 KB more:
// 307.0 KB, ceiling 310 KB (compared function by function with the build before: no single
// part over 4 KB raw). Issue 15's first session: training mode with its loss and parameter
// plots (the plot code, the panel, the run's memos) and the finite-difference plot 21.3 KB
// (after computing f32 functions from f64 saved 2 KB of f32 maths), gradient flow and dual
// numbers 4.5 KB more: 332.8 KB; the update steps and the contour plot 5.4 KB more:
// 338.2 KB, ceiling 341 KB. Issue 16's first session (the backward graph, the Hessian
// panel, the engine menu and marked readout, the JAX and PyTorch exports) 12.4 KB more:
// 350.6 KB, ceiling 353 KB. Its second session: the presets, the symbolic second
// derivatives, 5 KB more: 355.8 KB; the exports as Python's own control flow 7 KB more:
// 362.8 KB; stepping a Hessian column, the refusal note, the link keys and the broken
// engines' step notes 4.1 KB: 366.9 KB. Issue 17's pan and zoom (pointer, wheel and key
// handlers, follow, the minimap) 10.3 KB: 377.4 KB; swipes, long lists, phone tabs 4.9 KB:
// 382.3 KB, ceiling 386 KB. The page's weight is a debt to take up
// on its own.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync, brotliCompressSync, constants } from "node:zlib";

const TARGET_BROTLI = 150 * 1024;
const CEILING_BROTLI = 386 * 1024;
const dist = new URL("../dist/", import.meta.url).pathname;
const rows = readdirSync(dist)
  .filter((f) => /\.(wasm|js|css)$/.test(f))
  .map((f) => {
    const bytes = readFileSync(join(dist, f));
    const br = brotliCompressSync(bytes, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
    });
    return { file: f.replace(/-[0-9a-f]{8,}(?=[._])/, ""), raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length, brotli: br.length };
  });
const total = rows.reduce((t, r) => ({ raw: t.raw + r.raw, gzip: t.gzip + r.gzip, brotli: t.brotli + r.brotli }), { raw: 0, gzip: 0, brotli: 0 });
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
console.log("asset".padEnd(24) + "raw".padStart(11) + "gzip -9".padStart(11) + "brotli 11".padStart(11));
for (const r of [...rows, { file: "total", ...total }]) {
  console.log(r.file.padEnd(24) + kb(r.raw) + kb(r.gzip) + kb(r.brotli));
}
if (total.brotli > TARGET_BROTLI) {
  console.log(`TARGET MISSED: page transfer ${kb(total.brotli)} brotli, target ${kb(TARGET_BROTLI)}`);
}
if (total.brotli > CEILING_BROTLI) {
  console.error(`page transfer ${kb(total.brotli)} brotli exceeds the ceiling of ${kb(CEILING_BROTLI)}`);
  process.exit(1);
}
