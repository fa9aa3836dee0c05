//! `book.toml`: parsed strictly (unknown keys are errors with a hint) into
//! [`crate::model::Metadata`] and [`crate::model::Settings`].
