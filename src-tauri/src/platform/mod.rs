//! What the shell asks of the operating system: the web browser, the screen, the file dialog
//! and the message when no window can start. These modules use only the IPC types.

pub mod browser;
pub mod dialog;
pub mod no_window;
pub mod screen;
