fn main() {
    // refinery embeds the migrations at compile time; a new file must rebuild the crate.
    println!("cargo:rerun-if-changed=migrations");
    println!("cargo:rerun-if-changed=migrations-pg");
}
