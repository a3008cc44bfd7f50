// Programs the specs and the timing spec share: the big programs.

/** `a_i = sin(a_{i-1})*x + a_{i-2}`, `lines` lines (3 operations each). */
export function chain(lines: number): string {
  let src = "x = 0.5; a0 = 0.25*x; a1 = x + 1\n";
  for (let i = 2; i < lines + 2; i++) src += `a${i} = sin(a${i - 1})*x + a${i - 2}\n`;
  return src;
}

/** A 3-16-1 tanh network (226 nodes), every binding a number. */
export function network(): string {
  let src = "x0 = 0.5; x1 = -1; x2 = 2\n";
  const out: string[] = [];
  for (let j = 0; j < 16; j++) {
    src += `h${j} = tanh(w${j}_0*x0 + w${j}_1*x1 + w${j}_2*x2 + b${j})\n`;
    for (let i = 0; i < 3; i++) src += `w${j}_${i} = ${(0.1 * (j + 1) - 0.05 * i).toFixed(2)}\n`;
    src += `b${j} = ${(0.01 * j).toFixed(2)}; v${j} = ${(0.3 - 0.02 * j).toFixed(2)}\n`;
    out.push(`v${j}*h${j}`);
  }
  return src + `f = ${out.join(" + ")}\n`;
}

/** The same network with its neuron as a function: 16 calls to fold. */
export function neurons(): string {
  let src = network();
  for (let j = 0; j < 16; j++)
    src = src.replace(
      `h${j} = tanh(w${j}_0*x0 + w${j}_1*x1 + w${j}_2*x2 + b${j})`,
      `h${j} = neuron(x0, x1, x2, w${j}_0, w${j}_1, w${j}_2, b${j})`,
    );
  return "def neuron(a, b, c, w0, w1, w2, bias) = tanh(w0*a + w1*b + w2*c + bias)\n" + src;
}

/** `n` calls in a row of a three-operation function. */
export function calls(n: number): string {
  let src = "def cell(z) = sin(z)*z + 1\nx = 0.5; h0 = x\n";
  for (let k = 1; k <= n; k++) src += `h${k} = cell(h${k - 1})\n`;
  return src;
}

/** Sets the editor's text as one input event (as a paste does). */
export const setProgram = `(text) => {
  const ta = document.querySelector("textarea[data-testid=program]");
  ta.value = text;
  ta.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
}`;
