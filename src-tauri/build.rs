//! Build script for the desktop shell: only the commands in the IPC contract
//! (`src-tauri/src/contract.rs`) can be called from the window, and only through the one
//! capability in `src-tauri/capabilities/`.

include!("src/contract.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/capabilities");
    println!("cargo:rerun-if-changed=ui");
    println!("cargo:rerun-if-changed=src-tauri/src/contract.rs");
    let names: &'static [&'static str] =
        Box::leak(COMMANDS.iter().map(|c| c.name).collect::<Vec<_>>().into_boxed_slice());
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("src-tauri/capabilities/*.json")
        .app_manifest(tauri_build::AppManifest::new().commands(names));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
