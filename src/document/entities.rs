//! Entities of an article: the distinct articles it links to, with how often
//! and where each is first mentioned. Derived from the model; never parses.
