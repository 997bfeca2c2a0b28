//! The terminal UI, in The Elm Architecture: a [`Model`], [`Msg`]s turned into state
//! changes by the pure [`update`], and [`view`] drawing the model. Only `app` does I/O.

pub mod app;
pub mod editor;
pub mod keymap;
pub mod model;
pub mod msg;
pub mod theme;
pub mod update;
pub mod view;

pub use model::Model;
pub use msg::{Action, Effect, Msg};
pub use update::update;
pub use view::view;
