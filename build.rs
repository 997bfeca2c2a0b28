//! Rebuilds the binary when the embedded curriculum changes.
fn main() {
    println!("cargo:rerun-if-changed=curriculum");
}
