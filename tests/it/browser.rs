//! Real-browser test of the web page (see browser/).
