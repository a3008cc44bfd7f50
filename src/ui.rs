//! The Leptos view: the only part of chainrule that knows the browser.
//!
//! The app state is the program text; everything shown is a `Memo` over the core's
//! pipeline, so the view holds no logic of its own.

mod app;
mod bench;
mod checks;
mod controls;
pub mod crash;
mod editor;
mod graph_big;
mod graph_view;
mod jacobian;
mod link_sync;
pub mod model;
mod output;
mod paths;
mod second;
mod state;
mod step_panel;
mod stepper;
mod symbolic;
mod toolbar;
mod trace_table;
mod training;
mod viewport;

pub use app::App;

use leptos::prelude::{Memo, Signal};

/// A reactive value as a type-erased [`Signal`]. Every attribute and text bound through
/// it shares one compiled renderer per value type, instead of one per closure: the
/// difference is tens of kilobytes of WebAssembly.
fn sig<T: Clone + Send + Sync + 'static>(f: impl Fn() -> T + Send + Sync + 'static) -> Signal<T> {
    Signal::derive(f)
}

/// `f` as a memo: what reads it (an attribute, a text) is written only when its value
/// changes, not each time `f`'s sources do.
fn memo<T: Clone + PartialEq + Send + Sync + 'static>(
    f: impl Fn() -> T + Send + Sync + 'static,
) -> Signal<T> {
    let m: Memo<T> = Memo::new(move |_| f());
    m.into()
}
