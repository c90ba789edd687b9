//! The system's file dialog, told to leave no trace: `FOS_DONTADDTORECENT` keeps the chosen
//! file out of Recent Items, Quick Access and the app's Jump List, where a family member could
//! read the name of an evidence file or a bundle. The dialog libraries Tauri uses do not set it.

use std::io;
use std::path::PathBuf;

use windows::core::{Interface, HSTRING, PCWSTR};
use windows::Win32::Foundation::{ERROR_CANCELLED, HWND};
use windows::Win32::System::Com::{
    CoCreateInstance, CoInitializeEx, CoTaskMemFree, CoUninitialize, CLSCTX_INPROC_SERVER, COINIT_APARTMENTTHREADED,
    COINIT_DISABLE_OLE1DDE,
};
use windows::Win32::UI::Shell::Common::COMDLG_FILTERSPEC;
use windows::Win32::UI::Shell::{
    FileOpenDialog, FileSaveDialog, IFileDialog, IFileOpenDialog, IFileSaveDialog, FILEOPENDIALOGOPTIONS,
    FOS_DONTADDTORECENT, FOS_FILEMUSTEXIST, FOS_FORCEFILESYSTEM, FOS_NOCHANGEDIR, FOS_OVERWRITEPROMPT,
    FOS_PATHMUSTEXIST, FOS_PICKFOLDERS, SIGDN_FILESYSPATH,
};

use crate::wide::win32;

/// What the dialog asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An existing file.
    Open,
    /// A new file's place and name.
    Save,
    /// An existing folder.
    Folder,
}

/// One question to the person.
#[derive(Debug, Clone, Default)]
pub struct Request {
    /// A filter: its label and extensions without dots (`("Bundle", ["zip", "7z"])`).
    pub filter: Option<(String, Vec<String>)>,
    /// The name a save dialog suggests.
    pub file_name: Option<String>,
    /// The window the dialog belongs to (its `HWND`), so it stays in front of it.
    pub owner: Option<isize>,
}

/// The options every Holdfast dialog of this kind gets, on top of the system's defaults.
pub fn options(kind: Kind) -> FILEOPENDIALOGOPTIONS {
    let always = FOS_DONTADDTORECENT | FOS_FORCEFILESYSTEM | FOS_NOCHANGEDIR | FOS_PATHMUSTEXIST;
    always
        | match kind {
            Kind::Open => FOS_FILEMUSTEXIST,
            Kind::Save => FOS_OVERWRITEPROMPT,
            Kind::Folder => FOS_PICKFOLDERS,
        }
}

/// Shows the dialog and waits for the person: the chosen path, or `None` if they cancelled.
/// Runs on a thread of its own, with COM set up there as the dialog needs.
pub fn ask(kind: Kind, request: Request) -> io::Result<Option<PathBuf>> {
    on_com_thread(move || show(kind, &request))
}

/// The options a dialog of this kind holds once prepared, read back from the system's own
/// dialog object without showing it. For tests: the flags are what the system acts on.
pub fn prepared_options(kind: Kind) -> io::Result<FILEOPENDIALOGOPTIONS> {
    on_com_thread(move || {
        let dialog = prepare(kind, &Request::default())?;
        // SAFETY: a live dialog object made above.
        unsafe { dialog.GetOptions() }.map_err(win32)
    })
}

/// Runs `work` on a new thread with COM set up for it, and waits for its answer.
fn on_com_thread<T: Send + 'static>(work: impl FnOnce() -> io::Result<T> + Send + 'static) -> io::Result<T> {
    std::thread::spawn(move || {
        // SAFETY: this thread is ours and does nothing else with COM; every successful
        // initialisation is matched by CoUninitialize.
        let init = unsafe { CoInitializeEx(None, COINIT_APARTMENTTHREADED | COINIT_DISABLE_OLE1DDE) };
        init.ok().map_err(win32)?;
        let result = work();
        // SAFETY: matches the successful CoInitializeEx above, on the same thread.
        unsafe { CoUninitialize() };
        result
    })
    .join()
    .map_err(|_| io::Error::other("the file dialog stopped unexpectedly"))?
}

fn prepare(kind: Kind, request: &Request) -> io::Result<IFileDialog> {
    // SAFETY: standard COM creation of the system's dialog objects, on a COM thread.
    let dialog: IFileDialog = unsafe {
        if kind == Kind::Save {
            CoCreateInstance::<_, IFileSaveDialog>(&FileSaveDialog, None, CLSCTX_INPROC_SERVER).and_then(|d| d.cast())
        } else {
            CoCreateInstance::<_, IFileOpenDialog>(&FileOpenDialog, None, CLSCTX_INPROC_SERVER).and_then(|d| d.cast())
        }
    }
    .map_err(win32)?;
    // SAFETY: calls on a live dialog object; the strings outlive the calls that borrow them.
    unsafe {
        let current = dialog.GetOptions().map_err(win32)?;
        dialog.SetOptions(current | options(kind)).map_err(win32)?;
        if let Some((label, extensions)) = &request.filter {
            let spec = extensions.iter().map(|e| format!("*.{e}")).collect::<Vec<_>>().join(";");
            let (label, spec) = (HSTRING::from(label.as_str()), HSTRING::from(spec));
            let filters = [COMDLG_FILTERSPEC { pszName: PCWSTR(label.as_ptr()), pszSpec: PCWSTR(spec.as_ptr()) }];
            dialog.SetFileTypes(&filters).map_err(win32)?;
        }
        if let Some(name) = &request.file_name {
            dialog.SetFileName(&HSTRING::from(name.as_str())).map_err(win32)?;
        }
    }
    Ok(dialog)
}

fn show(kind: Kind, request: &Request) -> io::Result<Option<PathBuf>> {
    let dialog = prepare(kind, request)?;
    let owner = request.owner.map(|h| HWND(h as *mut core::ffi::c_void));
    // SAFETY: the owner is the app's own window handle (or none); the dialog is live.
    if let Err(e) = unsafe { dialog.Show(owner) } {
        if e.code() == ERROR_CANCELLED.to_hresult() {
            return Ok(None);
        }
        return Err(win32(e));
    }
    // SAFETY: after a successful Show the dialog holds one result; its path is a string the
    // system allocated, copied and then freed once.
    unsafe {
        let item = dialog.GetResult().map_err(win32)?;
        let path = item.GetDisplayName(SIGDN_FILESYSPATH).map_err(win32)?;
        let owned = path.to_string();
        CoTaskMemFree(Some(path.0 as *const core::ffi::c_void));
        owned.map(|p| Some(PathBuf::from(p))).map_err(io::Error::other)
    }
}
