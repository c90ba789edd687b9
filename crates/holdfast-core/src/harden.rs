//! Process hardening done once at start-up by the app and the command-line tool.
//!
//! A crash must not write the process's memory (decrypted evidence, passphrases, keys) to a
//! core file: the core-file size limit is set to zero, and on Linux the process is also marked
//! not dumpable, because a system that pipes core dumps to a collector (systemd-coredump) ignores
//! the size limit. Both through `rustix`'s safe wrappers. On Windows, where a crash goes to
//! Windows Error Reporting instead, the process asks it to leave the heap out of any report
//! (`holdfast-windows`).

/// Turns core dumps off for this process. An error means the system refused; the caller may go
/// on (nothing is lost) but should say so.
pub fn no_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use rustix::process::{setrlimit, Resource, Rlimit};
        setrlimit(Resource::Core, Rlimit { current: Some(0), maximum: Some(0) })?;
    }
    #[cfg(target_os = "linux")]
    rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable)?;
    #[cfg(windows)]
    holdfast_windows::no_heap_in_crash_reports()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    #[cfg(windows)]
    fn on_windows_no_core_dumps_asks_error_reporting_to_leave_the_heap_out_and_succeeds() {
        super::no_core_dumps().expect("Windows Error Reporting takes the flag");
    }

    #[test]
    #[cfg(target_os = "linux")] // rustix's limits and dumpable flag are Unix's (not built for Windows)
    fn after_no_core_dumps_the_limit_is_zero_and_the_process_is_not_dumpable() {
        // In a child, so the test binary's own process keeps its settings.
        if std::env::var_os("HOLDFAST_HARDEN_CHILD").is_none() {
            let exe = std::env::current_exe().expect("this test binary");
            let status = std::process::Command::new(exe)
                .args([
                    "harden::tests::after_no_core_dumps_the_limit_is_zero_and_the_process_is_not_dumpable",
                    "--exact",
                    "--nocapture",
                ])
                .env("HOLDFAST_HARDEN_CHILD", "1")
                .status()
                .expect("run the child");
            assert!(status.success(), "the child's checks pass");
            return;
        }
        super::no_core_dumps().expect("core dumps turned off");
        let limit = rustix::process::getrlimit(rustix::process::Resource::Core);
        assert_eq!((limit.current, limit.maximum), (Some(0), Some(0)), "the core-file limit is zero");
        assert_eq!(
            rustix::process::dumpable_behavior().expect("ask"),
            rustix::process::DumpableBehavior::NotDumpable,
            "and the process is not dumpable"
        );
    }
}
