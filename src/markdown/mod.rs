//! The Markdown front-end: pulldown-cmark events → [`crate::model`].
