//! The keyed elements of the graph drawing: one slot of signals per node and per edge,
//! matched to each new scene by key (kept keys get the new data, set only where it
//! changed), then set to what each shows at the current step: those in sight at once,
//! the rest of a big drawing a slice per frame after it (a jump to the last step of a
//! 500-node graph changes every box, but the frame that shows it pays only for those
//! on screen).

use leptos::prelude::*;
use rustc_hash::FxHashMap;

use super::super::state::Shared;
use crate::lesson::{Lesson, Lit, NodeState, Shown};
use crate::scene::{Scene, SceneEdge, SceneNode};

/// What one node element shows, kept while its key stays.
#[derive(Clone, Copy)]
pub(super) struct NodeSlot {
    pub(super) data: RwSignal<SceneNode>,
    pub(super) index: RwSignal<usize>,
    pub(super) shown: RwSignal<Shown>,
}

/// What one edge element shows.
#[derive(Clone, Copy)]
pub(super) struct EdgeSlot {
    pub(super) data: RwSignal<SceneEdge>,
    pub(super) index: RwSignal<usize>,
    /// Lit by the current step; its partial known.
    pub(super) state: RwSignal<(bool, bool)>,
    pub(super) partial: RwSignal<f64>,
}

/// The part of the drawing in sight, in scene units: left, top, right, bottom.
pub(super) type Sight = [f64; 4];

/// How many out-of-sight boxes (and edges) are brought up to date per frame.
const SLICE: usize = 24;

/// Changes to boxes and edges out of sight, made in the frames after the one that shows
/// the step.
#[derive(Default)]
pub(super) struct Later {
    nodes: Vec<(NodeSlot, Shown)>,
    edges: Vec<(EdgeSlot, (bool, bool))>,
    scheduled: bool,
}

/// The keyed elements of the drawing and their order.
#[derive(Clone, Copy)]
pub(super) struct Drawing {
    pub(super) nodes: StoredValue<FxHashMap<String, NodeSlot>>,
    pub(super) edges: StoredValue<FxHashMap<String, EdgeSlot>>,
    pub(super) node_keys: RwSignal<Vec<String>>,
    pub(super) edge_keys: RwSignal<Vec<String>>,
    /// The scene the slots were last matched against.
    pub(super) scene: StoredValue<Option<Shared<Scene>>>,
    /// What is left to change out of sight.
    later: StoredValue<Later>,
}

impl Drawing {
    /// No elements yet.
    pub(super) fn new() -> Drawing {
        Drawing {
            nodes: StoredValue::new(FxHashMap::default()),
            edges: StoredValue::new(FxHashMap::default()),
            node_keys: RwSignal::new(vec![]),
            edge_keys: RwSignal::new(vec![]),
            scene: StoredValue::new(None),
            later: StoredValue::new(Later::default()),
        }
    }

    /// Matches the keyed slots to the lesson's scene: kept keys get the new data (set only
    /// if it changed), new keys get slots, gone keys are dropped.
    pub(super) fn reconcile(&self, l: &Shared<Lesson>) {
        let same = self.scene.with_value(|old| {
            old.as_ref()
                .is_some_and(|o| std::sync::Arc::ptr_eq(&o.0, &l.scene))
        });
        if same {
            return;
        }
        self.scene
            .set_value(Some(Shared(std::sync::Arc::clone(&l.scene))));
        let sc = &l.scene;
        let blank = Shown {
            state: NodeState::Pending,
            source: false,
            value: None,
            adjoint: None,
            tangent: None,
        };
        // What a fold hides has no element.
        let keys: Vec<String> = sc
            .nodes
            .iter()
            .filter(|n| !n.hidden)
            .map(|n| n.key.clone())
            .collect();
        let live: rustc_hash::FxHashSet<&str> = keys.iter().map(String::as_str).collect();
        self.nodes.update_value(|m| {
            m.retain(|k, _| live.contains(k.as_str()));
            for (i, n) in sc.nodes.iter().enumerate().filter(|(_, n)| !n.hidden) {
                match m.get(&n.key) {
                    Some(slot) => {
                        if slot.data.with_untracked(|old| old != n) {
                            slot.data.set(n.clone());
                        }
                        if slot.index.get_untracked() != i {
                            slot.index.set(i);
                        }
                    }
                    None => {
                        let slot = NodeSlot {
                            data: RwSignal::new(n.clone()),
                            index: RwSignal::new(i),
                            shown: RwSignal::new(blank),
                        };
                        m.insert(n.key.clone(), slot);
                    }
                }
            }
        });
        let keys = stable_order(&self.node_keys.get_untracked(), keys);
        if self.node_keys.with_untracked(|k| *k != keys) {
            self.node_keys.set(keys);
        }
        // Edges by their ends' keys (and which of several parallel edges).
        let mut count: FxHashMap<(usize, usize), usize> = FxHashMap::default();
        let at: FxHashMap<&str, usize> = sc
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.as_str(), i))
            .collect();
        let edge_keys: Vec<String> = sc
            .edges
            .iter()
            .map(|e| {
                if e.hidden {
                    return String::new();
                }
                let (a, b) = (
                    at.get(e.from.as_str()).copied().unwrap_or(0),
                    at.get(e.to.as_str()).copied().unwrap_or(0),
                );
                let nth = count.entry((a, b)).or_insert(0);
                *nth += 1;
                format!("{}>{}#{}", sc.nodes[a].key, sc.nodes[b].key, nth)
            })
            .collect();
        let live: rustc_hash::FxHashSet<&str> = edge_keys.iter().map(String::as_str).collect();
        self.edges.update_value(|m| {
            m.retain(|k, _| live.contains(k.as_str()));
            for (k, (key, e)) in edge_keys.iter().zip(&sc.edges).enumerate() {
                if e.hidden {
                    continue;
                }
                let partial = l.partial(k);
                match m.get(key) {
                    Some(slot) => {
                        if slot.data.with_untracked(|old| old != e) {
                            slot.data.set(e.clone());
                        }
                        if slot.index.get_untracked() != k {
                            slot.index.set(k);
                        }
                        if slot.partial.get_untracked().to_bits() != partial.to_bits() {
                            slot.partial.set(partial);
                        }
                    }
                    None => {
                        let slot = EdgeSlot {
                            data: RwSignal::new(e.clone()),
                            index: RwSignal::new(k),
                            state: RwSignal::new((false, false)),
                            partial: RwSignal::new(partial),
                        };
                        m.insert(key.clone(), slot);
                    }
                }
            }
        });
        let edge_keys: Vec<String> = edge_keys.into_iter().filter(|k| !k.is_empty()).collect();
        let edge_keys = stable_order(&self.edge_keys.get_untracked(), edge_keys);
        if self.edge_keys.with_untracked(|k| *k != edge_keys) {
            self.edge_keys.set(edge_keys);
        }
    }

    /// Sets what each node and edge shows at `step` (the numbers of `shown_step`, the step
    /// before while a quiz question is open), only where it changed: when more than a
    /// slice changes, at once within `sight()` (everywhere without one) and in the next
    /// frames elsewhere.
    pub(super) fn update(
        &self,
        l: &Lesson,
        step: usize,
        shown_step: usize,
        sight: impl FnOnce() -> Option<Sight>,
    ) {
        let (lit, lit_shown): (Lit, Lit) = (l.lit(step), l.lit(shown_step));
        // First what changes, then (only if it is more than a slice) where it is: asking
        // the page where the panel is costs a layout.
        let mut later = Later::default();
        self.nodes.with_value(|m| {
            for slot in m.values() {
                let i = slot.index.get_untracked();
                let mut now = l.shown_lit(i, shown_step, &lit_shown);
                // While a quiz question is open, the numbers are the step before's, but the
                // node asked about is already the active one.
                if shown_step != step {
                    let asked = lit.nodes().first() == Some(&i);
                    now.state = match now.state {
                        _ if asked => NodeState::Active,
                        NodeState::Active => NodeState::Done,
                        other => other,
                    };
                    now.source = false;
                }
                if !slot.shown.with_untracked(|old| old.same(&now)) {
                    later.nodes.push((*slot, now));
                }
            }
        });
        self.edges.with_value(|m| {
            for slot in m.values() {
                let k = slot.index.get_untracked();
                let active = l.edge_lit(k, step, &lit).0;
                let known = l.edge_lit(k, shown_step, &lit_shown).1;
                if slot.state.get_untracked() != (active, known) {
                    later.edges.push((*slot, (active, known)));
                }
            }
        });
        let sight = if later.nodes.len() + later.edges.len() > SLICE {
            sight()
        } else {
            None
        };
        let seen = |x0: f64, y0: f64, x1: f64, y1: f64| {
            sight.is_none_or(|[l, t, r, b]| x1 >= l && x0 <= r && y1 >= t && y0 <= b)
        };
        later.nodes.retain(|(slot, now)| {
            let box_seen = slot.data.with_untracked(|n| {
                let (w, h) = (n.w / 2.0, n.h / 2.0);
                seen(n.x - w, n.y - h, n.x + w, n.y + h)
            });
            if box_seen {
                slot.shown.set(*now);
            }
            !box_seen
        });
        later.edges.retain(|(slot, state)| {
            let edge_seen = slot.data.with_untracked(|e| {
                let (mut x0, mut y0, mut x1, mut y1) = (f64::MAX, f64::MAX, f64::MIN, f64::MIN);
                for &(x, y) in &e.points {
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
                }
                seen(x0, y0, x1, y1)
            });
            if edge_seen {
                slot.state.set(*state);
            }
            !edge_seen
        });
        // This step's leftovers replace the last one's (each was computed afresh).
        let start = !later.nodes.is_empty() || !later.edges.is_empty();
        let running = self.later.with_value(|old| old.scheduled);
        later.scheduled = start || running;
        self.later.set_value(later);
        if start && !running {
            self.catch_up();
        }
    }

    /// Brings a slice of the out-of-sight boxes and edges up to date in the next frame,
    /// and so on until none is left.
    fn catch_up(self) {
        request_animation_frame(move || {
            let Some((nodes, edges, more)) = self.later.try_update_value(|l| {
                let n = l.nodes.len().saturating_sub(SLICE);
                let e = l.edges.len().saturating_sub(SLICE);
                let slice = (l.nodes.split_off(n), l.edges.split_off(e));
                let more = !l.nodes.is_empty() || !l.edges.is_empty();
                l.scheduled = more;
                (slice.0, slice.1, more)
            }) else {
                return;
            };
            // A slot dropped by a newer scene since is skipped (try_set).
            for (slot, now) in nodes {
                slot.shown.try_set(now);
            }
            for (slot, state) in edges {
                slot.state.try_set(state);
            }
            if more {
                self.catch_up();
            }
        });
    }
}

/// The keys of a new scene in the order their elements already have (kept keys first, as
/// before; new ones after): a term typed at the front renumbers the scene, and in scene
/// order every element after it would be moved (taken out of the page and put back).
/// Boxes do not overlap, so their order in the drawing is not seen.
fn stable_order(old: &[String], new: Vec<String>) -> Vec<String> {
    let live: rustc_hash::FxHashSet<&str> = new.iter().map(String::as_str).collect();
    let kept: rustc_hash::FxHashSet<&str> = old
        .iter()
        .map(String::as_str)
        .filter(|k| live.contains(k))
        .collect();
    let mut order: Vec<String> = old
        .iter()
        .filter(|k| live.contains(k.as_str()))
        .cloned()
        .collect();
    order.extend(new.iter().filter(|k| !kept.contains(k.as_str())).cloned());
    order
}

#[cfg(test)]
mod tests {
    #[test]
    fn kept_keys_keep_their_order_and_new_ones_come_last() {
        let s = |v: &[&str]| v.iter().map(|k| k.to_string()).collect::<Vec<_>>();
        let order = super::stable_order(&s(&["a", "b", "c", "d"]), s(&["n", "a", "c", "d", "m"]));
        assert_eq!(order, s(&["a", "c", "d", "n", "m"]));
        assert_eq!(super::stable_order(&[], s(&["x", "y"])), s(&["x", "y"]));
    }
}
