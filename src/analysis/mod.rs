//! Views over a whole corpus, for researchers rather than readers: the
//! [`timeline`] (articles per period, and term trends) and the
//! [`concordance`] (every occurrence of a query, in context).
//!
//! Both read article text through [`text::segments`] only, so text that must
//! be left out of every statistic (learned boilerplate, say) is left out in
//! one place.

pub mod concordance;
pub mod text;
pub mod timeline;
