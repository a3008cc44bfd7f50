//! What a lesson hands the view: a node's state at a step, a table row, a step ready to
//! show, the chain-rule paths, what a step lights up.

/// How a node looks at a step.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeState {
    /// Not reached yet.
    Pending,
    /// The current step is about it.
    Active,
    /// Reached earlier.
    Done,
}

impl NodeState {
    /// The `data-state` word.
    pub fn as_str(self) -> &'static str {
        match self {
            NodeState::Pending => "pending",
            NodeState::Active => "active",
            NodeState::Done => "done",
        }
    }
}

/// What a node shows at a step: `None` for what is not known yet.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Shown {
    /// Pending, active or done. Only the node a step computes is active.
    pub state: NodeState,
    /// The step passes this node's adjoint on (the `w` of `ū += w̄ · ∂w/∂u`).
    pub source: bool,
    /// Its value.
    pub value: Option<f64>,
    /// Its adjoint as summed so far (reverse pass).
    pub adjoint: Option<f64>,
    /// Its tangent (forward mode).
    pub tangent: Option<f64>,
}

impl Shown {
    /// Equal, with NaN equal to NaN (so a NaN node does not count as changed every step).
    pub fn same(&self, other: &Shown) -> bool {
        let bits = |v: Option<f64>| v.map(f64::to_bits);
        self.state == other.state
            && self.source == other.source
            && bits(self.value) == bits(other.value)
            && bits(self.adjoint) == bits(other.adjoint)
            && bits(self.tangent) == bits(other.tangent)
    }
}

/// One row of the trace table (Baydin's Tables 2 and 3).
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The Wengert id, `v-1`, `v3`, `c0`.
    pub id: String,
    /// The name shown, with real subscripts.
    pub label: String,
    /// The name as typed (`x1`, `v-1`; a version as `c^(2)`).
    pub raw_label: String,
    /// The loop passes the node was made in: `i = 2`; empty outside loops.
    pub pass: String,
    /// The loop counters' values, `0,2`.
    pub iteration: String,
    /// Which assignment to its name made it, as text (0 for no name).
    pub version: String,
    /// The definition in plain text: `ln(v-1)`, `input`, `2`.
    pub definition_text: String,
    /// The definition in operands' labels, as MathML: `ln(v₋₁)`.
    pub definition: String,
    /// The definition as LaTeX math.
    pub definition_latex: String,
    /// The name as LaTeX math.
    pub label_latex: String,
    /// The adjoint's formula as MathML: `v̄₃ · cos(v₀) + …` (empty for the output and constants).
    pub adjoint_formula: String,
    /// The tangent's formula as MathML: `v̇₋₁ · v₀ + v̇₀ · v₋₁` (empty for constants).
    pub tangent_formula: String,
    /// The folded call it is inside (`sig#1`), not stepped; empty otherwise.
    pub folded_into: String,
}

/// One step, ready to show.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepView {
    /// Where we are: "Forward pass 3/6".
    pub phase: String,
    /// Which derivative pass of how many, and its seed ("Reverse pass 2 of 2 (seed
    /// ∂f₂/∂·)"); empty before the first.
    pub pass_label: String,
    /// The step's equation as MathML (empty at the start and the end).
    pub math: String,
    /// The same in plain text, for tooltips and exports.
    pub text: String,
    /// What a quiz asks at this step: the quantity's name and its value once the step is
    /// done (a node's value; in the reverse pass, an adjoint as summed so far).
    pub answer: Option<(String, f64)>,
    /// The step in words, for a screen reader: "Forward pass 3 of 7. v 1 equals log of ...".
    pub narration: String,
    /// A remark: "2 of 2 contributions into v̄₀: v̄₀ = 5.5".
    pub note: String,
    /// For a node made in a branch or a loop pass: which decision made it part of the
    /// graph ("in the branch taken: b > 0 holds at this point ..."); empty otherwise.
    pub branch_note: String,
    /// The question a quiz asks, as MathML: the equation with `?` for its result.
    pub question: String,
    /// The differentiation rules the step uses: each rule's name and its formula with the
    /// numbers in, as MathML ("product rule", ∂(x₁·x₂)/∂x₂ = x₁ = 2).
    pub rules: Vec<(&'static str, String)>,
    /// The same in plain text: "product rule: ∂(x₁ · x₂)/∂x₂ = x₁ = 2".
    pub rule_text: String,
    /// At a folded call's step, what the gate does inside: a title ("Inside sig#1, its own
    /// backward pass") and one MathML line per node; empty otherwise.
    pub inner_title: String,
    /// The lines, as MathML.
    pub inner: Vec<String>,
    /// The lines in plain text.
    pub inner_text: Vec<String>,
    /// The nodes it lights up (scene indices), the first the one it computes.
    pub nodes: Vec<usize>,
    /// The edges it lights up (scene indices).
    pub edges: Vec<usize>,
}

/// One chain-rule path from an input to the output, by scene indices.
#[derive(Clone, Debug, PartialEq)]
pub struct PathView {
    /// Its edges, from the input up.
    pub edges: Vec<usize>,
    /// The nodes along it, input first.
    pub nodes: Vec<usize>,
    /// The product of its edge partials.
    pub product: f64,
    /// The product written out: `2 · 1 · 1.5 = 3`.
    pub text: String,
}

/// All paths from one input.
#[derive(Clone, Debug, PartialEq)]
pub struct PathList {
    /// How many there are (exact unless `saturated`).
    pub count: u128,
    /// More than `u128::MAX`.
    pub saturated: bool,
    /// The first ones, at most [`crate::autodiff::MAX_LISTED_PATHS`].
    pub listed: Vec<PathView>,
    /// The sum of the listed products (the gradient entry when all are listed).
    pub sum: f64,
    /// The gradient entry, from the reverse pass.
    pub adjoint: f64,
    /// The output the paths end at (its name).
    pub output: String,
}

/// What a step lights up, by scene indices: at most two nodes (the first the one it
/// computes) and four edges (a gate's operands).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Lit {
    nodes: [usize; 2],
    node_count: u8,
    edges: [usize; 4],
    edge_count: u8,
}

impl Lit {
    /// Adds a node (at most two).
    pub(super) fn push_node(&mut self, i: usize) {
        if let Some(slot) = self.nodes.get_mut(usize::from(self.node_count)) {
            *slot = i;
            self.node_count += 1;
        }
    }

    /// Adds an edge (at most four).
    pub(super) fn push_edge(&mut self, k: usize) {
        if let Some(slot) = self.edges.get_mut(usize::from(self.edge_count)) {
            *slot = k;
            self.edge_count += 1;
        }
    }

    /// The nodes, the first the one the step computes.
    pub fn nodes(&self) -> &[usize] {
        &self.nodes[..usize::from(self.node_count)]
    }

    /// The edges.
    pub fn edges(&self) -> &[usize] {
        &self.edges[..usize::from(self.edge_count)]
    }
}
