//! End-to-end tests: the real `newsroom` binary and the real HTTP server on an ephemeral port.
//! One test binary with modules, so everything links once.

mod api;
mod bad_input;
mod batch;
mod batch_api;
mod boilerplate;
mod browser;
mod cli;
mod concurrent;
mod crash;
mod entities;
mod explore;
mod fake_engines;
mod hostile;
mod names;
mod quickwit_node;
mod reader;
mod scaleout;
mod stories;
mod support;
