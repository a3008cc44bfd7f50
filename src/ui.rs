//! The Leptos view: the only part of chainrule that knows the browser.
//!
//! The app state is the program text; everything shown is a `Memo` over the core's
//! pipeline, so the view holds no logic of its own.

mod app;
mod bench;
mod editor;
mod graph_view;
mod output;
mod paths;
mod state;
mod step_panel;
mod stepper;
mod trace_table;

pub use app::App;
