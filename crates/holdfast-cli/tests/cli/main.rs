//! The `holdfast` command line: its contract (arguments, output, exit codes) is what scripts
//! rely on. One test binary, one module per area.

mod bundle;
mod help;
mod vault;

pub fn stdout(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &std::process::Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
