fn main() {
    oagen::module::ModuleBuilder::new("petstore.yaml", "crate::petstore")
        .write_to_out_dir()
        .unwrap_or_else(|e| panic!("{e}"));
}
