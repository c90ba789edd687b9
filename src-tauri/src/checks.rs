//! The IPC contract (`contract.rs`) against everything that must agree with it: the handler
//! list in `main.rs`, the capability file, the file each command lives in, and the commands and
//! error codes the UI names; and the shell's layers, which must not import upwards.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::contract::{COMMANDS, NOT_FROM_THE_WINDOW};
use crate::ipc::Code;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Every file under `dir` with extension `ext`, with its text.
fn sources(dir: &Path, ext: &str) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list a source folder").flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == ext) {
                let text = read(&path);
                out.push((path, text));
            }
        }
    }
    out.sort();
    out
}

/// The quoted words after each `marker` in `text`: `call('x'` gives `x`.
fn quoted_after(text: &str, marker: &str) -> Vec<String> {
    text.match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &text[at + marker.len()..];
            let quote = rest.chars().next().filter(|c| matches!(c, '\'' | '"'))?;
            let end = rest[1..].find(quote)?;
            Some(rest[1..1 + end].to_string())
        })
        .collect()
}

fn contract_names() -> BTreeSet<&'static str> {
    let names: BTreeSet<_> = COMMANDS.iter().map(|c| c.name).collect();
    assert_eq!(names.len(), COMMANDS.len(), "a command is listed twice in contract.rs");
    names
}

#[test]
fn the_handler_list_is_the_contract() {
    let main = read(&root().join("src-tauri/src/main.rs"));
    let start = main.find("generate_handler![").expect("main.rs hands Tauri its commands");
    let end = start + main[start..].find(']').expect("the list ends");
    let mut listed = BTreeMap::new();
    for path in main[start + "generate_handler![".len()..end].split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let mut parts = path.rsplit("::");
        let name = parts.next().expect("a name").to_string();
        let file = parts.next().expect("a file").to_string();
        assert!(listed.insert(name, file).is_none(), "{path} is handed to Tauri twice");
    }
    for command in COMMANDS {
        assert_eq!(
            listed.remove(command.name).as_deref(),
            Some(command.file),
            "{} is handed to Tauri from commands/{}.rs, as contract.rs says",
            command.name,
            command.file
        );
    }
    assert!(listed.is_empty(), "main.rs hands Tauri commands the contract does not list: {listed:?}");
}

#[test]
fn each_command_lives_in_the_file_the_contract_names() {
    for command in COMMANDS {
        let text = read(&root().join(format!("src-tauri/src/commands/{}.rs", command.file)));
        let defined = [format!("pub fn {}(", command.name), format!("pub async fn {}(", command.name)];
        assert!(
            defined.iter().any(|d| text.contains(&format!("#[tauri::command(rename_all = \"snake_case\")]\n{d}"))),
            "commands/{}.rs defines the command {}",
            command.file,
            command.name
        );
        assert!(!command.does.is_empty() && !command.returns.is_empty(), "{} is documented", command.name);
    }
}

#[test]
fn names_are_snake_case_both_ways() {
    let src = root().join("src-tauri/src");
    for (path, text) in sources(&src.join("commands"), "rs") {
        let plain = text.matches("#[tauri::command]").count();
        assert_eq!(plain, 0, "{}: every command takes its arguments in snake_case", path.display());
    }
    let ipc = read(&src.join("ipc.rs"));
    assert!(!ipc.contains("camelCase"), "what the window sends is snake_case, as every reply is");
    let declared: usize = sources(&src.join("commands"), "rs")
        .iter()
        .map(|(_, text)| text.matches("#[tauri::command(rename_all = \"snake_case\")]").count())
        .sum();
    assert_eq!(declared, COMMANDS.len(), "each command in the contract is declared once, in snake_case");
}

#[test]
fn the_capability_allows_exactly_the_contract() {
    let file = read(&root().join("src-tauri/capabilities/main.json"));
    let capability: serde_json::Value = serde_json::from_str(&file).expect("the capability is JSON");
    let allowed: BTreeSet<String> = capability["permissions"]
        .as_array()
        .expect("a list of permissions")
        .iter()
        .map(|p| p.as_str().expect("a permission name").to_string())
        .filter(|p| !p.starts_with("core:event:"))
        .collect();
    let expected: BTreeSet<String> =
        contract_names().iter().map(|name| format!("allow-{}", name.replace('_', "-"))).collect();
    assert_eq!(allowed, expected, "the window may call the contract's commands and nothing else");
}

#[test]
fn the_ui_calls_only_listed_commands_and_only_through_api_js() {
    let names = contract_names();
    let mut called = BTreeSet::new();
    for (path, text) in sources(&root().join("ui"), "js") {
        let file = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        let calls = quoted_after(&text, "call(");
        if file != "api.js" {
            assert!(calls.is_empty(), "{file} calls {calls:?} itself; every screen goes through api.js");
            assert!(!text.contains("__TAURI__"), "{file} reaches Tauri itself; only api.js does");
            continue;
        }
        for name in calls {
            assert!(names.contains(name.as_str()), "api.js calls '{name}', which contract.rs does not list");
            called.insert(name);
        }
    }
    let unused: BTreeSet<&str> = names.iter().filter(|n| !called.contains(**n)).copied().collect();
    let explained: BTreeSet<&str> = NOT_FROM_THE_WINDOW.iter().map(|(name, _)| *name).collect();
    assert_eq!(unused, explained, "the commands the window never calls are the ones contract.rs explains");
}

#[test]
fn the_ui_branches_only_on_error_codes_the_shell_sends() {
    let all = Code::all();
    let codes: BTreeSet<String> =
        all.iter().map(|c| serde_json::to_value(c).expect("a code").as_str().expect("a string").to_string()).collect();
    assert_eq!(codes.len(), all.len(), "each code is its own word");
    let mut seen = BTreeSet::new();
    for (path, text) in sources(&root().join("ui"), "js") {
        // `typeof error.code === 'string'` is a check of the reply's shape, not a code.
        let text = text.replace("typeof error.code", "typeof");
        for marker in ["error.code === ", "error.code !== ", "failure.code === ", "code: "] {
            for code in quoted_after(&text, marker) {
                // `code: '…'` is also how api.js names its own two codes for the window.
                if marker == "code: " && matches!(code.as_str(), "no_ipc" | "unexpected") {
                    continue;
                }
                assert!(
                    codes.contains(&code),
                    "{} names the error code '{code}', which the shell never sends",
                    path.display()
                );
                seen.insert(code);
            }
        }
    }
    for code in ["locked", "cancelled", "wrong_passphrase"] {
        assert!(seen.contains(code), "the UI branches on '{code}' (the test reads the UI's code)");
    }
}

/// The shell's top-level modules that `file` (a path under `src-tauri/src`) imports.
fn imports(file: &str, text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for (at, _) in text.match_indices("crate::") {
        let rest = &text[at + "crate::".len()..];
        let module: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
        out.insert(module);
    }
    if file.starts_with("commands/") && text.contains("super::") {
        out.insert("commands".into());
    }
    out
}

#[test]
fn each_layer_imports_only_the_layers_below_it() {
    // A module may import the layers listed for it, and nothing else of the shell's.
    let allowed: BTreeMap<&str, &[&str]> = BTreeMap::from([
        ("contract", &[][..]),
        ("ipc", &[][..]),
        ("platform", &["ipc"][..]),
        ("state", &["ipc", "state"][..]),
        ("commands", &["ipc", "state", "platform"][..]),
        ("events", &["ipc", "state"][..]),
    ]);
    let src = root().join("src-tauri/src");
    for (path, text) in sources(&src, "rs") {
        let file = path.strip_prefix(&src).expect("under src").to_string_lossy().replace('\\', "/");
        let layer = file.split(['/', '.']).next().unwrap_or_default();
        if matches!(layer, "main" | "checks") {
            continue;
        }
        let may = allowed.get(layer).unwrap_or_else(|| panic!("{file} is in no layer; add it to this test"));
        for module in imports(&file, &text) {
            assert!(may.contains(&module.as_str()), "{file} imports crate::{module}, above or beside its layer");
        }
    }
}
