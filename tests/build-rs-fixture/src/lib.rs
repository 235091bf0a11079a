//! A crate that generates its Petstore client in `build.rs` (the README's
//! recipe, kept in step with it by a test).

pub mod petstore {
    include!(concat!(env!("OUT_DIR"), "/petstore.rs"));
}
