//! `uniffi-bindgen`: the workspace's pinned uniffi bindgen (library mode), used by
//! `scripts/bindings-generate.sh` to write the Kotlin and Swift bindings of `swip-ffi`.

fn main() {
    uniffi::uniffi_bindgen_main()
}
